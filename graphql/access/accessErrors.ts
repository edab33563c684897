import { GraphQLError } from '../graphqlJs.js';

/** No key, a malformed, unknown or revoked key: the caller is nobody. */
export function unauthenticatedError(): GraphQLError {
  return new GraphQLError('authentication required: send "Authorization: Bearer <API key>"', {
    extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
  });
}

/** A known caller whose role does not allow the field. */
export function forbiddenError(field: string, role: string): GraphQLError {
  return new GraphQLError(`the ${role} role may not use ${field}`, {
    extensions: { code: 'FORBIDDEN', http: { status: 403 } },
  });
}

/** A subscription target that does not exist in the caller's tenant (another tenant's ids look the same). */
export function notFoundError(what: string): GraphQLError {
  return new GraphQLError(`${what} not found`, { extensions: { code: 'NOT_FOUND' } });
}

/** Arguments that cannot be served as given (range, size, format). */
export function badInputError(message: string, details: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...details } });
}
