import { LedgerError } from '../../domain/index.js';
import type { EventFilter, EventLog } from '../../domain/index.js';
import { decodeEvent } from '../append/decodeEvent.js';
import { resolveLimits } from '../append/ledgerLimits.js';
import type { LedgerLimits } from '../append/ledgerLimits.js';
import { prepareAppend } from '../append/preparedAppend.js';
import { resolveAllRead, resolveEncodedRead, resolveStreamRead } from '../append/readOptions.js';
import { CommitSignal } from '../subscription/commitSignal.js';
import { LogSubscriptions } from '../subscription/pullSubscription.js';
import type { SubscriptionPage } from '../subscription/pullSubscription.js';
import { CommitListener } from './commitListener.js';
import { PostgresBatchWriter } from './postgresBatchWriter.js';
import { PostgresDatabase } from './postgresDatabase.js';
import { PostgresEventQueries } from './postgresEventQueries.js';
import { assertSchemaName, ensurePostgresSchema } from './postgresSchema.js';
import { toPostgresStorageError } from './postgresStorageErrors.js';

export interface PostgresEventLogOptions {
  readonly limits?: Partial<LedgerLimits>;
  /** The schema holding this ledger (created on first start). Default `mir`. */
  readonly schema?: string;
  /** Most events one group commit writes. Default 10,000. */
  readonly maxBatchEvents?: number;
  /** Idle subscriptions re-read this often, in case a notification was lost (a reconnecting listener). Default 1 s. */
  readonly subscriptionPollMs?: number;
  /** Connections of this process's pool. Default 10. */
  readonly poolSize?: number;
  /** Open for reading only (`mir verify`): the schema must exist, appends fail with STORAGE_READONLY. */
  readonly readOnly?: boolean;
}

export interface PostgresEventLog extends EventLog {
  /** The pool and schema, for stores that share the ledger's database (Merkle node cache, checkpoint lease). */
  readonly database: PostgresDatabase;
  /** Group-commit counters of this process: committed batches, the appends they answered, the events they wrote. */
  commitStats(): Readonly<{ batches: number; appends: number; events: number }>;
  /** Global position of the event with this id, or null when the log has none. */
  eventPosition(id: string): Promise<number | null>;
}

/**
 * The event log in PostgreSQL, for several MIR nodes over one ledger: per-stream expected revisions, idempotent
 * ids and a contiguous global position that is the Merkle leaf index, all decided inside the append's transaction
 * (see PostgresBatchWriter). Every commit is announced with NOTIFY; each node LISTENs, so its subscriptions and
 * `watchCommits` see every node's commits at once, and poll besides, so a lost notification delays, never loses.
 *
 * @throws LedgerError `STORAGE_CORRUPT` when the schema holds something else, storage codes when the server
 *   cannot be reached (the URL is never part of the message).
 */
export async function openPostgresEventLog(
  url: string,
  options: PostgresEventLogOptions = {},
): Promise<PostgresEventLog> {
  const schema = options.schema ?? 'mir';
  assertSchemaName(schema);
  const readOnly = options.readOnly === true;
  const db = new PostgresDatabase(url, schema, { poolSize: options.poolSize, readOnly });
  const channel = `${schema}_ledger_commits`;
  const signal = new CommitSignal();
  let announced = -1;
  const announce = (lastPosition: number) => {
    if (lastPosition <= announced) return;
    announced = lastPosition;
    signal.notify(lastPosition);
  };
  const listener = new CommitListener({
    url,
    channel,
    onCommit: announce,
    onReconnect: () => signal.notify(announced),
  });
  try {
    const client = await db.connect();
    try {
      await ensurePostgresSchema(client, schema, readOnly);
    } finally {
      client.release();
    }
    await listener.start();
  } catch (error) {
    await listener.close();
    await db.close();
    throw toPostgresStorageError(error);
  }
  const writer = new PostgresBatchWriter(db, {
    maxBatchEvents: options.maxBatchEvents ?? 10_000,
    channel,
    onCommit: announce,
  });
  return composeLog(db, writer, listener, signal, resolveLimits(options.limits), options);
}

function composeLog(
  db: PostgresDatabase,
  writer: PostgresBatchWriter,
  listener: CommitListener,
  signal: CommitSignal,
  limits: LedgerLimits,
  options: PostgresEventLogOptions,
): PostgresEventLog {
  const queries = new PostgresEventQueries(db);
  let closed = false;
  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw new LedgerError('LEDGER_CLOSED', 'the event log is closed');
    return work();
  };

  /** Reads the head first, then the page below it: a later commit is read next time, never skipped. */
  const readPage = (from: number, maxCount: number, filter?: EventFilter): Promise<SubscriptionPage> =>
    guarded(async () => {
      const head = await queries.nextPosition();
      const events = await queries.range(true, from, maxCount, filter, head);
      const full = events.length === maxCount;
      return {
        events: events.map(decodeEvent),
        nextPosition: full ? events[events.length - 1]!.position + 1 : Math.max(from, head),
        reachedHead: !full,
      };
    });

  const subscriptions = new LogSubscriptions(readPage, signal, options.subscriptionPollMs ?? 1000);

  return {
    database: db,
    commitStats: () => writer.stats(),
    eventPosition: (id) => guarded(() => queries.positionOf(id)),
    append: (stream, events, expected) => {
      try {
        if (closed) throw new LedgerError('LEDGER_CLOSED', 'the event log is closed');
        if (options.readOnly === true)
          throw new LedgerError('STORAGE_READONLY', 'the event log is open for reading only', {});
        return writer.enqueue(prepareAppend(stream, events, expected, limits));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    readStream: (stream, readOptions) =>
      guarded(async () => {
        const read = resolveStreamRead(stream, readOptions);
        const forwards = read.direction === 'forwards';
        return (await queries.stream(stream, forwards, read.fromRevision, read.maxCount)).map(decodeEvent);
      }),
    readAll: (readOptions) =>
      guarded(async () => {
        const read = resolveAllRead(readOptions);
        const forwards = read.direction === 'forwards';
        const events = await queries.range(forwards, read.fromPosition, read.maxCount, read.filter);
        return events.map(decodeEvent);
      }),
    readEncoded: (fromPosition, maxCount) =>
      guarded(() => {
        const { from, count } = resolveEncodedRead(fromPosition, maxCount);
        return queries.encoded(from, count);
      }),
    subscribeToAll: (subscribeOptions) => {
      if (closed) throw new LedgerError('LEDGER_CLOSED', 'the event log is closed');
      return subscriptions.subscribe(subscribeOptions);
    },
    watchCommits: (listen) => signal.watch(listen),
    headPosition: () =>
      guarded(async () => {
        const next = await queries.nextPosition();
        return next === 0 ? null : next - 1;
      }),
    close: async () => {
      if (closed) return;
      await writer.drain();
      closed = true;
      await subscriptions.closeAll();
      await listener.close();
      await db.close();
    },
  };
}
