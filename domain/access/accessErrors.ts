import { MirError } from '../errors/mirError.js';

export type AccessErrorCode = 'KEY_NOT_FOUND' | 'KEY_ALREADY_REVOKED' | 'KEY_REQUEST_INVALID';

/** Refusals of API-key management (issuing, revoking). Authentication failures are never errors: just no principal. */
export class AccessError extends MirError<AccessErrorCode> {}

export function isAccessError(error: unknown): error is AccessError {
  return error instanceof AccessError;
}
