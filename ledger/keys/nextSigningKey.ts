import { renameSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { hasErrorCode } from '../../domain/errors/mirError.js';
import type { Ed25519Signer } from './ed25519Signer.js';
import { KeyError } from './keyErrors.js';
import { fsyncDirectory, ioError } from './ownerOnlyFile.js';
import {
  createKeyFile,
  ensureKeysDir,
  readKeyFileIfPresent,
  SIGNING_KEY_FILE_NAME,
  signingKeyPath,
} from './signingKeyFile.js';

/**
 * File name, inside `<dataDir>/keys/`, of the key `mir keys rotate` introduces, from its creation until it replaces
 * `checkpoint.ed25519`. Same layout and mode as the signing key file.
 */
export const NEXT_SIGNING_KEY_FILE_NAME = `${SIGNING_KEY_FILE_NAME}.next`;

/** What {@link settleNextSigningKey} found and did. */
export type NextKeySettlement = 'none' | 'promoted' | 'discarded';

export function nextSigningKeyPath(keysDir: string): string {
  return join(keysDir, NEXT_SIGNING_KEY_FILE_NAME);
}

/**
 * Generates the key a rotation introduces, as `checkpoint.ed25519.next`: exclusive create, 0600, fsync-ed with its
 * directory (the signing key file's own code), so the key exists durably before any ledger event names it.
 *
 * @throws KeyError `KEY_FILE_IO` (operation `create`, errno `EEXIST`) when a next key is already there: settle it
 *   first ({@link settleNextSigningKey}); and the keys directory's refusals.
 */
export function createNextSigningKey(keysDir: string): Ed25519Signer {
  ensureKeysDir(keysDir);
  const path = nextSigningKeyPath(keysDir);
  const signer = createKeyFile(path);
  if (signer === undefined) {
    throw new KeyError('KEY_FILE_IO', `a next signing key already exists at ${path}`, {
      path,
      operation: 'create',
      errno: 'EEXIST',
    });
  }
  return signer;
}

/**
 * Finishes or abandons a rotation a crash interrupted; run it before anything loads the signing key. The ledger
 * decides, never the files: the rotation's `SigningKeyRotated` event is its commit point.
 *
 * - No next key file: nothing to do (`none`).
 * - The next key is the ledger's current key (`isCurrentKey`): the rotation was appended, so the next key replaces
 *   `checkpoint.ed25519` by an atomic rename, which unlinks the retired key's file; the directory is fsync-ed
 *   (`promoted`).
 * - Otherwise the rotation never reached the ledger (a next key file left partial by a crash is this case too: it
 *   is written and fsync-ed before the rotation is appended), so the key never signed anything: it is removed
 *   (`discarded`).
 *
 * @throws KeyError for a next key file that is a symlink, not a regular file, or readable by others, and for a keys
 *   directory writable by others: those are never settled by deleting or renaming.
 */
export function settleNextSigningKey(
  keysDir: string,
  isCurrentKey: (publicKey: Uint8Array) => boolean,
): NextKeySettlement {
  const path = nextSigningKeyPath(keysDir);
  let next: Ed25519Signer | undefined;
  try {
    next = readKeyFileIfPresent(path);
    if (next === undefined) return 'none';
  } catch (error) {
    if (!hasErrorCode(error, 'KEY_FILE_MALFORMED')) throw error;
  }
  ensureKeysDir(keysDir);
  const promote = next !== undefined && isCurrentKey(next.publicKey);
  try {
    if (promote) renameSync(path, signingKeyPath(keysDir));
    else unlinkSync(path);
  } catch (error) {
    throw ioError(path, promote ? 'rename' : 'unlink', error);
  }
  fsyncDirectory(keysDir);
  return promote ? 'promoted' : 'discarded';
}
