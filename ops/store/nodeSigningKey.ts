import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { MirError } from '../../domain/index.js';
import type { EventLog } from '../../domain/index.js';
import {
  loadOrCreateSigningKey,
  loadSigningKey,
  readKeyChain,
  SIGNING_KEY_FILE_NAME,
} from '../../ledger/index.js';
import type { Ed25519Signer } from '../../ledger/index.js';

/**
 * A node opened a ledger that already has a checkpoint signing key while its own `keys/` holds none: every node of
 * one ledger signs with the same key, so it must be copied from a node of the cluster, never created anew.
 */
export class SigningKeyNotCopiedError extends MirError<'SIGNING_KEY_NOT_COPIED'> {
  constructor(keysDir: string, verifierKey: string) {
    super(
      'SIGNING_KEY_NOT_COPIED',
      `this ledger already signs with the key ${verifierKey} and ${keysDir} holds no signing key: ` +
        `copy keys/${SIGNING_KEY_FILE_NAME} from a node of the cluster into ${keysDir} ` +
        '(owner-only, mode 0600) and start again',
      { path: keysDir, verifierKey },
    );
  }
}

/**
 * The checkpoint key this node signs with. A ledger with no registered key yet (a new one) gets a key created in
 * `keysDir` (`created`: true); a ledger that has one is signed only with the key file already in `keysDir` — when
 * it is missing the node refuses to start (SigningKeyNotCopiedError) rather than create a key the ledger does not
 * know. The key file's own refusals (permissions, symlink, malformed) are thrown as KeyError.
 */
export async function loadNodeSigningKey(
  keysDir: string,
  log: EventLog,
): Promise<{ readonly signer: Ed25519Signer; readonly created: boolean }> {
  const current = (await readKeyChain(log)).chain.keys.at(-1);
  if (current === undefined) return loadOrCreateSigningKey(keysDir);
  // lstat: a symlink in its place is present, and refused as such by loadSigningKey; a missing keys/ is absent.
  if (lstatSync(join(keysDir, SIGNING_KEY_FILE_NAME), { throwIfNoEntry: false }) === undefined)
    throw new SigningKeyNotCopiedError(keysDir, current.verifierKey);
  return { signer: loadSigningKey(keysDir), created: false };
}
