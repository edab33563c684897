import { maskError as yogaMaskError } from 'graphql-yoga';
import { apiGraphqlError } from '../errors/toApiError.js';
import { GraphQLError } from '../graphqlJs.js';

/**
 * Yoga's masking, with one safety net: a refusal that a resolver did not translate still reaches the client as
 * the error table says (a caller's fault as BAD_USER_INPUT, an unavailable part as 503, …, each with its stable
 * code), whether a resolver or the request's authentication raised it. Everything else unexpected is masked
 * ("Unexpected error.") and logged by Yoga.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  const answer = original === undefined ? null : apiGraphqlError(original);
  if (answer !== null && error instanceof GraphQLError) {
    return new GraphQLError(answer.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: answer.extensions,
    });
  }
  // Thrown before any resolver ran (authenticating the request read a store that is away): the same answer.
  if (answer !== null) return answer;
  return yogaMaskError(error, message, isDev);
}
