import { MirError } from '../../domain/errors/mirError.js';
import type { JsonValue } from '../../domain/events/json.js';

/**
 * Stable codes for key handling failures.
 *
 * - `KEY_SEED_INVALID`: a seed that is not exactly 32 bytes (details: expectedLength, actualLength).
 * - `KEY_FILE_NOT_FOUND`: no key file where one was required (details: path).
 * - `KEY_FILE_MALFORMED`: the key file does not follow the documented layout (details: path, reason);
 *   its content is never echoed.
 * - `KEY_FILE_SYMLINK`: the key file is a symbolic link (details: path).
 * - `KEY_FILE_NOT_REGULAR`: the key file is a directory, device, socket, ... (details: path).
 * - `KEY_PERMISSIONS_TOO_OPEN`: the key file is group- or world-accessible (details: path, mode, allowedMask).
 * - `KEY_DIR_PERMISSIONS_TOO_OPEN`: the keys directory is group- or world-writable, so another user could swap
 *   the key file (details: path, mode, forbiddenMask).
 * - `KEY_FILE_IO`: the file system refused an operation (details: path, operation, errno code).
 * - `SIGNING_KEY_RETIRED`: the key file holds a checkpoint key that a rotation on the ledger's `keys` stream retired;
 *   a retired key never signs again (details: path, keyId, retiredAfter, currentKeyId).
 */
export const KEY_ERROR_CODES = [
  'KEY_SEED_INVALID',
  'KEY_FILE_NOT_FOUND',
  'KEY_FILE_MALFORMED',
  'KEY_FILE_SYMLINK',
  'KEY_FILE_NOT_REGULAR',
  'KEY_PERMISSIONS_TOO_OPEN',
  'KEY_DIR_PERMISSIONS_TOO_OPEN',
  'KEY_FILE_IO',
  'SIGNING_KEY_RETIRED',
] as const;
export type KeyErrorCode = (typeof KEY_ERROR_CODES)[number];

/** Raised by `ledger/keys`. `details` never holds key material: only paths, modes, lengths and reasons. */
export class KeyError extends MirError<KeyErrorCode> {
  constructor(
    code: KeyErrorCode,
    message: string,
    details: Readonly<Record<string, JsonValue>> = {},
    cause?: unknown,
  ) {
    super(code, message, details, cause);
  }
}

export function isKeyError(error: unknown): error is KeyError {
  return error instanceof KeyError;
}

/** Formats a permission mode the way `ls`/`chmod` users read it, e.g. `0o644`. */
export function formatMode(mode: number): string {
  return `0o${(mode & 0o7777).toString(8).padStart(3, '0')}`;
}
