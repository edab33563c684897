import { LedgerError } from '../domain/index.js';
import type { Clock, EventLog, IdGenerator } from '../domain/index.js';
import { signKeyRotation } from './checkpoints/keyRotationNote.js';
import { formatVerifierKey } from './checkpoints/note/index.js';
import { settleNextSigningKey } from './keys/index.js';
import type { Ed25519Signer, NextKeySettlement } from './keys/index.js';
import { KEYS_STREAM, systemEvent } from './ledgerStreams.js';
import type { SigningKeyRotatedData } from './ledgerStreams.js';
import { equalBytes } from './portable/bytes.js';
import { readOrigin } from './verification/genesis.js';
import { readKeyChain } from './verification/keyTrust.js';

/** What appendKeyRotation needs: the two keys, the retirement size, and the ports that stamp the event. */
export interface KeyRotationRequest {
  readonly retired: Ed25519Signer;
  readonly introduced: Ed25519Signer;
  /** Largest tree size the retired key may sign: the size of the last checkpoint it signed. */
  readonly retireAfter: number;
  readonly clock: Clock;
  readonly ids: IdGenerator;
}

/**
 * Appends `SigningKeyRotated` to the `keys` stream: the rotation statement (see keyRotationStatement.ts) signed by
 * the retired and the introduced key, at the expected revision of the stream's last event, so two rotations can
 * never both extend the same key. This event is the rotation's commit point: from it on the chain's current key is
 * the introduced one (settleKeyRotation makes the key files follow).
 *
 * Precondition: `retired` is the chain's current key and no checkpointer signs meanwhile (the data directory lock).
 * @throws LedgerError `WRONG_EXPECTED_REVISION` when the keys stream moved, `STORAGE_CORRUPT` on a ledger without
 *   genesis or key registration; NoteError from signing.
 */
export async function appendKeyRotation(
  log: EventLog,
  request: KeyRotationRequest,
): Promise<SigningKeyRotatedData> {
  const origin = await readOrigin(log);
  const [last] = await log.readStream(KEYS_STREAM, { direction: 'backwards', maxCount: 1 });
  if (origin === null || last === undefined) {
    throw new LedgerError('STORAGE_CORRUPT', 'the ledger has no genesis or no registered key to rotate', {
      stream: KEYS_STREAM,
    });
  }
  const statement = {
    origin,
    retire: formatVerifierKey(origin, request.retired.publicKey),
    introduce: formatVerifierKey(origin, request.introduced.publicKey),
    retireAfter: request.retireAfter,
  };
  const data: SigningKeyRotatedData = {
    note: signKeyRotation(statement, request.retired, request.introduced),
    retiredKey: statement.retire,
    introducedKey: statement.introduce,
    retireAfter: statement.retireAfter,
  };
  const id = request.ids.newId();
  const event = systemEvent('SigningKeyRotated', { ...data }, 'ledger', request.clock.now(), id);
  await log.append(KEYS_STREAM, [event], last.revision);
  return data;
}

/**
 * Makes the key files agree with the ledger before the signing key is loaded (see settleNextSigningKey): a next key
 * the chain made current replaces `checkpoint.ed25519`; one the chain never names is removed.
 */
export async function settleKeyRotation(keysDir: string, log: EventLog): Promise<NextKeySettlement> {
  const current = (await readKeyChain(log)).chain.keys.at(-1);
  return settleNextSigningKey(
    keysDir,
    (publicKey) => current !== undefined && equalBytes(publicKey, current.key.publicKey),
  );
}
