import { isMirError } from '../../domain/index.js';
import { badInputError } from '../access/accessErrors.js';
import { GraphQLError } from '../graphqlJs.js';
import { API_ERROR_TABLE } from './apiErrorTable.js';
import { ApiError } from './apiErrors.js';
import type { MirErrorCode } from './errorCodes.js';

const UNAVAILABLE = {
  LEDGER_UNAVAILABLE: 'the ledger',
  READ_MODELS_UNAVAILABLE: 'the read models',
} as const;

/**
 * The API's answer to a refusal, from the one error table (`API_ERROR_TABLE`): a typed API error (for the field's
 * result union), a GraphQL error with a stable `extensions.code` (and the refusal's own code as `reason`), or, for
 * a broken invariant and anything that is not a `MirError`, the error unchanged (masked as "Unexpected error.").
 */
export function toApiError(error: unknown): unknown {
  if (!isMirError(error) || !Object.hasOwn(API_ERROR_TABLE, error.code)) return error;
  const mapping = API_ERROR_TABLE[error.code as MirErrorCode];
  const { code, details, message } = error;
  switch (mapping.kind) {
    case 'typed':
      return mapping.build(error);
    case 'callerFault':
      return badInputError(message, { reason: code, details });
    case 'refused':
      return new GraphQLError(message, {
        extensions: { code: mapping.code, reason: code, details, http: { status: mapping.status } },
      });
    case 'unavailable':
      // Storage details (paths, SQLite codes) stay in the server's log.
      return new GraphQLError(
        `${UNAVAILABLE[mapping.code]} is temporarily unavailable; retry with the same idempotency key`,
        { extensions: { code: mapping.code, reason: code, http: { status: 503 } } },
      );
    case 'internal':
      return error;
  }
}

/**
 * What the server's error masking answers for a refusal that reached it as an error: its GraphQL error, or, for a
 * refusal with a typed result that the field does not list, a GraphQL error with that result's code. Null for
 * everything else (masked).
 */
export function apiGraphqlError(error: unknown): GraphQLError | null {
  if (!isMirError(error) && !(error instanceof ApiError)) return null;
  const mapped = toApiError(error);
  if (mapped instanceof GraphQLError) return mapped;
  if (mapped instanceof ApiError)
    return new GraphQLError(mapped.message, { extensions: { code: mapped.code } });
  return null;
}
