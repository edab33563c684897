import { createGraphQLError } from 'graphql-yoga';
import type { Plugin } from 'graphql-yoga';
import { GraphQLError } from '../graphqlJs.js';

/**
 * A request that cannot be parsed is the caller's fault: 400 BAD_REQUEST with a fixed message, nothing echoed.
 * Without this, Yoga answers `variables` or `extensions` that are not JSON in a query string (GET, or a
 * url-encoded POST) with a 500, and an invalid JSON body with the JS error (quoting the body) in
 * `extensions.originalError`. Other parse refusals (413, 415, …) pass through unchanged.
 */
export function useRequestParseErrors(): Plugin {
  return {
    onRequestParse({ requestParser, setRequestParser }) {
      if (requestParser === undefined) return;
      setRequestParser(async (request) => {
        try {
          return await requestParser(request);
        } catch (error) {
          throw parseRefusal(error);
        }
      });
    },
  };
}

function parseRefusal(error: unknown): unknown {
  if (error instanceof SyntaxError) return badRequest('variables and extensions must be JSON objects');
  if (error instanceof GraphQLError && error.extensions.code === 'BAD_REQUEST')
    return badRequest(error.message);
  return error;
}

function badRequest(message: string): GraphQLError {
  return createGraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}
