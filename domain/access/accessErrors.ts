import { MirError } from '../errors/mirError.js';

export const ACCESS_ERROR_CODES = ['KEY_NOT_FOUND', 'KEY_ALREADY_REVOKED', 'KEY_REQUEST_INVALID'] as const;
export type AccessErrorCode = (typeof ACCESS_ERROR_CODES)[number];

/** Refusals of API-key management (issuing, revoking). Authentication failures are never errors: just no principal. */
export class AccessError extends MirError<AccessErrorCode> {}

export function isAccessError(error: unknown): error is AccessError {
  return error instanceof AccessError;
}
