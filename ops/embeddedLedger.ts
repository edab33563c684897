import type { Clock, IdGenerator } from '../domain/index.js';
import {
  createSqliteMerkleNodeStore,
  loadOrCreateSigningKey,
  openLedger,
  openSqliteEventLog,
  settleKeyRotation,
} from '../ledger/index.js';
import type { Ledger, SqliteEventLog, SqliteEventLogOptions } from '../ledger/index.js';
import { ensureDataDirectory } from './dataDirectory.js';
import type { DataDirectory } from './dataDirectory.js';
import { systemClock } from './system/systemClock.js';
import { uuidV7Ids } from './system/uuidV7Ids.js';

export interface EmbeddedLedgerOptions {
  readonly clock?: Clock;
  readonly ids?: IdGenerator;
  readonly checkpointEveryEvents?: number;
  readonly checkpointEveryMs?: number;
  readonly log?: SqliteEventLogOptions;
  readonly onBackgroundError?: (error: unknown) => void;
}

export interface EmbeddedLedger {
  readonly ledger: Ledger;
  /** True when this call created the signing key (a new installation). */
  readonly keyCreated: boolean;
  /** True when the ledger held no event before this call (it has just been initialised). */
  readonly ledgerCreated: boolean;
  /** The SQLite event log under the ledger (group-commit counters for metrics, the database handle). */
  readonly log: SqliteEventLog;
}

/**
 * The composition of the default, embedded ledger: SQLite file, Merkle node cache in the same file, Ed25519 key
 * in `keys/` (created 0600 on first use, refused if readable by others), checkpointer running. A key rotation a
 * crash interrupted is settled first, as the ledger says (settleKeyRotation): completed when its event was
 * appended, abandoned otherwise.
 */
export async function openEmbeddedLedger(
  dir: DataDirectory,
  options: EmbeddedLedgerOptions = {},
): Promise<EmbeddedLedger> {
  ensureDataDirectory(dir);
  const log = openSqliteEventLog(dir.ledgerFile, options.log);
  try {
    const ledgerCreated = (await log.headPosition()) === null;
    await settleKeyRotation(dir.keysDir, log);
    const { signer, created } = loadOrCreateSigningKey(dir.keysDir);
    const ledger = await openLedger({
      log,
      nodes: createSqliteMerkleNodeStore(log.database),
      signer,
      clock: options.clock ?? systemClock,
      ids: options.ids ?? uuidV7Ids,
      checkpointEveryEvents: options.checkpointEveryEvents,
      checkpointEveryMs: options.checkpointEveryMs,
      onBackgroundError: options.onBackgroundError,
    });
    return { ledger, keyCreated: created, ledgerCreated, log };
  } catch (error) {
    await log.close();
    throw error;
  }
}
