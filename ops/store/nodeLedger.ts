import type { BlobStore, Clock, IdGenerator } from '../../domain/index.js';
import { openLedger, settleKeyRotation } from '../../ledger/index.js';
import type { Ledger, LedgerLimits } from '../../ledger/index.js';
import { ensureDataDirectory } from '../dataDirectory.js';
import type { DataDirectory } from '../dataDirectory.js';
import { systemClock } from '../system/systemClock.js';
import { uuidV7Ids } from '../system/uuidV7Ids.js';
import { openLedgerStore } from './ledgerStore.js';
import type { StoreEventLog } from './ledgerStore.js';
import { loadNodeSigningKey } from './nodeSigningKey.js';
import type { StoreLocation } from './storeLocation.js';

export interface NodeLedgerOptions {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly checkpointEveryEvents?: number;
  readonly checkpointEveryMs?: number;
  readonly limits?: Partial<LedgerLimits>;
  readonly onBackgroundError?: (error: unknown) => void;
}

export interface NodeLedger {
  /** The ledger; it owns the checkpoint lease, and its `close` gives the lease up and closes the store. */
  readonly ledger: Ledger;
  /** True when this call created the signing key (the node that created the ledger). */
  readonly keyCreated: boolean;
  /** True when the ledger held no event before this call: this node initialised it (and issues the admin key). */
  readonly ledgerCreated: boolean;
  /** The event log under the ledger (commit counters for metrics, event positions). */
  readonly log: StoreEventLog;
  /** Whether this node signs checkpoints now: always on SQLite, while it holds the lease on PostgreSQL. */
  readonly signsCheckpoints: () => boolean;
  /** The blob store beside this ledger (see LedgerStore.blobs): prompts and responses the events name. */
  readonly blobs: BlobStore;
}

/**
 * The one composition of a node's ledger over any store: the event log and the Merkle node cache at `store`, the
 * Ed25519 key in the data directory's `keys/`, the checkpointer running (on PostgreSQL only while this node holds
 * the checkpoint lease: the others follow the log and adopt its checkpoints). A key rotation a crash interrupted is
 * settled first, as the ledger says (settleKeyRotation). On a ledger that already has a key, a node without the key
 * file refuses to start (SigningKeyNotCopiedError): every node of one ledger signs with the same key.
 */
export async function openNodeLedger(
  dir: DataDirectory,
  store: StoreLocation,
  options: NodeLedgerOptions = {},
): Promise<NodeLedger> {
  ensureDataDirectory(dir);
  const { log, nodes, checkpointLease, blobs } = await openLedgerStore(store, {
    limits: options.limits,
    // A renewal that fails lets the lease lapse (another node signs); the checkpointer's errors go there too.
    onLeaseError: options.onBackgroundError,
  });
  try {
    const ledgerCreated = (await log.headPosition()) === null;
    await settleKeyRotation(dir.keysDir, log);
    const { signer, created } = await loadNodeSigningKey(dir.keysDir, log);
    const ledger = await openLedger({
      log,
      nodes,
      signer,
      clock: options.clock ?? systemClock,
      ids: options.ids ?? uuidV7Ids,
      checkpointEveryEvents: options.checkpointEveryEvents,
      checkpointEveryMs: options.checkpointEveryMs,
      onBackgroundError: options.onBackgroundError,
      checkpointLease,
    });
    const signsCheckpoints = () => checkpointLease?.holds() ?? true;
    return { ledger, keyCreated: created, ledgerCreated, log, signsCheckpoints, blobs };
  } catch (error) {
    // Nothing owns the store yet: give the lease up (before the log it renews through) and close it here.
    await checkpointLease?.close();
    await log.close();
    throw error;
  }
}
