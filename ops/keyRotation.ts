import type { Clock, IdGenerator } from '../domain/index.js';
import {
  appendKeyRotation,
  createNextSigningKey,
  loadSigningKey,
  openSqliteEventLog,
  settleKeyRotation,
} from '../ledger/index.js';
import type { DataDirectory } from './dataDirectory.js';
import { openEmbeddedLedger } from './embeddedLedger.js';
import { systemClock } from './system/systemClock.js';
import { uuidV7Ids } from './system/uuidV7Ids.js';

/** The durable steps of a rotation, in order; a crash after any of them leaves a directory that starts (see below). */
export const ROTATION_STEPS = [
  'lastCheckpointSigned',
  'nextKeyCreated',
  'rotationAppended',
  'keyFileReplaced',
  'firstCheckpointSigned',
] as const;
export type RotationStep = (typeof ROTATION_STEPS)[number];

/** What a rotation did: which key it retired, the key that signs from now on, and where the switch lies. */
export interface KeyRotationOutcome {
  readonly retiredKey: string;
  /** The introduced key's C2SP verifier key: what an auditor pins from now on (the old pin keeps verifying). */
  readonly verifierKey: string;
  readonly retireAfter: number;
  /** The first checkpoint the introduced key signed. */
  readonly checkpoint: { readonly treeSize: number; readonly note: string };
}

export interface KeyRotationOptions {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  /** Told after each durable step (crash tests stop the rotation there by throwing: nothing is undone). */
  readonly afterStep?: (step: RotationStep) => void;
}

/** Checkpoint timers that never fire by themselves: the rotation signs only when it asks to. */
const ON_DEMAND = { checkpointEveryEvents: Number.MAX_SAFE_INTEGER, checkpointEveryMs: 2 ** 31 - 1 };

/**
 * Replaces the checkpoint signing key of the data directory `dir`, in five durable steps:
 *
 * 1. the current key signs a last checkpoint covering every event; its tree size is the retirement size;
 * 2. the new key is created as `keys/checkpoint.ed25519.next` (0600, exclusive create, fsync-ed);
 * 3. `SigningKeyRotated` is appended to `keys` (the statement signed by both keys, expected revision): the commit
 *    point;
 * 4. the new key file replaces `keys/checkpoint.ed25519` by an atomic rename, unlinking the retired key's file;
 * 5. the new key signs a first checkpoint, covering the rotation.
 *
 * A crash after step 1 or 2 leaves the old key in use (a next key the ledger never names is removed at the next
 * start); after step 3 or 4 the next start completes the switch; the ledger decides, through the same
 * settleKeyRotation every start runs (steps 4 and 5 are that start's own work, done here at once).
 *
 * Precondition: the caller holds the data directory's lock, so no other checkpointer signs meanwhile.
 * @throws KeyError `SIGNING_KEY_RETIRED` and the key files' refusals; LedgerError from the ledger.
 */
export async function rotateSigningKey(
  dir: DataDirectory,
  options: KeyRotationOptions = {},
): Promise<KeyRotationOutcome> {
  const afterStep = options.afterStep ?? (() => undefined);
  const last = await signEverything(dir, options);
  afterStep('lastCheckpointSigned');
  const introduced = createNextSigningKey(dir.keysDir);
  afterStep('nextKeyCreated');
  const log = openSqliteEventLog(dir.ledgerFile);
  let retireAfter: number;
  try {
    const rotation = await appendKeyRotation(log, {
      retired: loadSigningKey(dir.keysDir),
      introduced,
      retireAfter: last.treeSize,
      clock: options.clock ?? systemClock,
      ids: options.ids ?? uuidV7Ids,
    });
    retireAfter = rotation.retireAfter;
    afterStep('rotationAppended');
    await settleKeyRotation(dir.keysDir, log);
  } finally {
    await log.close();
  }
  afterStep('keyFileReplaced');
  const first = await signEverything(dir, options);
  afterStep('firstCheckpointSigned');
  const checkpoint = { treeSize: first.treeSize, note: first.note };
  return { retiredKey: last.verifierKey, verifierKey: first.verifierKey, retireAfter, checkpoint };
}

/** Opens the ledger with the directory's key, signs whatever is unsigned, closes: the latest checkpoint. */
async function signEverything(
  dir: DataDirectory,
  options: KeyRotationOptions,
): Promise<{ treeSize: number; note: string; verifierKey: string }> {
  const { ledger } = await openEmbeddedLedger(dir, { ...ON_DEMAND, clock: options.clock, ids: options.ids });
  try {
    // Never null: an opened ledger holds at least its genesis and key registration to sign.
    const signed = (await ledger.checkpointNow())!;
    return { treeSize: signed.checkpoint.treeSize, note: signed.note, verifierKey: ledger.verifierKey };
  } finally {
    await ledger.close();
  }
}
