import { maskError as yogaMaskError } from 'graphql-yoga';
import { callerFaultError } from '../errors/callerFault.js';
import { GraphQLError } from '../graphqlJs.js';

/**
 * Yoga's masking, with one safety net: a read-side argument error that a resolver did not translate still reaches
 * the client as BAD_USER_INPUT with its stable code. Everything else unexpected is masked ("Unexpected error.")
 * and logged by Yoga.
 */
export function maskError(error: unknown, message: string, isDev?: boolean): Error {
  const original = error instanceof GraphQLError ? error.originalError : error;
  const fault = callerFaultError(original);
  if (fault !== null && error instanceof GraphQLError) {
    return new GraphQLError(fault.message, {
      nodes: error.nodes,
      path: error.path,
      extensions: fault.extensions,
    });
  }
  return yogaMaskError(error, message, isDev);
}
