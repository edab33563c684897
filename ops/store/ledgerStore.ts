import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { isMirError, MirError } from '../../domain/index.js';
import type { BlobStore, EventLog } from '../../domain/index.js';
import {
  FileBlobStore,
  PostgresBlobStore,
  createPostgresMerkleNodeStore,
  createSqliteMerkleNodeStore,
  openPostgresEventLog,
  openSqliteEventLog,
  startPostgresCheckpointLease,
} from '../../ledger/index.js';
import type { CheckpointLease, LedgerLimits, MerkleNodeStore, SqliteEventLog } from '../../ledger/index.js';
import { describeStore } from './storeLocation.js';
import { redactConnectionString } from '../../ledger/index.js';
import type { StoreLocation } from './storeLocation.js';

/** An event log as the runtime, its metrics and the CLI use it, whatever the store under it. */
export interface StoreEventLog extends EventLog {
  /** Group-commit counters of this process's writer (for /metrics). */
  commitStats(): Readonly<{ batches: number; appends: number; events: number }>;
  /** The global position of the event with this id, or null when the log has none. */
  eventPosition(id: string): Promise<number | null>;
}

export interface StoreLogOptions {
  /** Open for reading only (verification, exports): nothing can be appended through it. */
  readonly readOnly?: boolean;
  readonly limits?: Partial<LedgerLimits>;
}

/** What a ledger needs from its store: the log, the Merkle node cache beside it and, when shared, the lease. */
export interface LedgerStore {
  readonly log: StoreEventLog;
  readonly nodes: MerkleNodeStore;
  /**
   * PostgreSQL: the lease this node competes for, so that exactly one node of the cluster signs checkpoints.
   * SQLite: none (the data directory's lock already makes the one process using the file its only checkpointer).
   */
  readonly checkpointLease?: CheckpointLease;
  /**
   * Where the payloads events name by digest live, beside the events: SQLite, the data directory's `blobs/` (the
   * folder holding the ledger file); PostgreSQL, the `blobs` table of the ledger's schema, shared by every node.
   */
  readonly blobs: BlobStore;
}

/**
 * Opens the event log at `location`. A storage error at open is rethrown with the same code, the store named in its
 * message (a PostgreSQL URL always redacted) and, for SQLite, the file's path in its details.
 */
export async function openStoreLog(
  location: StoreLocation,
  options: StoreLogOptions = {},
): Promise<StoreEventLog> {
  return location.kind === 'sqlite'
    ? openSqliteLog(location, options)
    : await openPostgresLog(location, options);
}

/**
 * Opens the log and the Merkle node store at `location`. For a node that appends and checkpoints on PostgreSQL it
 * also starts competing for the checkpoint lease, as a holder named after this host, process and start (never
 * when `readOnly`: proofs for an export need no lease). The lease's owner (the ledger it is given to, see
 * LedgerOptions.checkpointLease) gives it up before the log closes.
 */
export async function openLedgerStore(
  location: StoreLocation,
  options: StoreLogOptions & { readonly onLeaseError?: (error: unknown) => void } = {},
): Promise<LedgerStore> {
  if (location.kind === 'sqlite') {
    const log = openSqliteLog(location, options);
    const blobs = new FileBlobStore(join(dirname(location.file), 'blobs'));
    return { log, nodes: createSqliteMerkleNodeStore(log.database), blobs };
  }
  const log = await openPostgresLog(location, options);
  const blobs = new PostgresBlobStore(log.database);
  if (options.readOnly === true) return { log, nodes: createPostgresMerkleNodeStore(log), blobs };
  const holder = `${hostname()}/${process.pid}/${randomUUID()}`;
  return {
    log,
    nodes: createPostgresMerkleNodeStore(log),
    blobs,
    checkpointLease: startPostgresCheckpointLease(log, {
      holder,
      ...(options.onLeaseError === undefined ? {} : { onError: options.onLeaseError }),
    }),
  };
}

type Located<Kind extends StoreLocation['kind']> = Extract<StoreLocation, { kind: Kind }>;

function openSqliteLog(location: Located<'sqlite'>, options: StoreLogOptions): SqliteEventLog {
  try {
    return openSqliteEventLog(location.file, { readOnly: options.readOnly === true, limits: options.limits });
  } catch (error) {
    throw namedAfterStore(error, location);
  }
}

async function openPostgresLog(location: Located<'postgres'>, options: StoreLogOptions) {
  try {
    return await openPostgresEventLog(location.url, {
      schema: location.schema,
      readOnly: options.readOnly === true,
      limits: options.limits,
    });
  } catch (error) {
    throw namedAfterStore(error, location);
  }
}

function namedAfterStore(error: unknown, location: StoreLocation): unknown {
  const where = describeStore(location);
  if (!isMirError(error)) {
    // A driver's own error (refused connection, unknown database): its text may quote the URL.
    const message = redactConnectionString(error instanceof Error ? error.message : String(error));
    return new MirError('STORAGE_IO', `${where}: ${message}`, {});
  }
  const details = location.kind === 'sqlite' ? { ...error.details, path: location.file } : error.details;
  return new MirError(error.code, `${where}: ${redactConnectionString(error.message)}`, details);
}
