import type { Database } from 'better-sqlite3';
import { LedgerError } from '../../domain/index.js';
import type { EventFilter, EventLog } from '../../domain/index.js';
import { asPromise } from '../append/asPromise.js';
import { decodeEvent } from '../append/decodeEvent.js';
import { resolveLimits } from '../append/ledgerLimits.js';
import type { LedgerLimits } from '../append/ledgerLimits.js';
import { prepareAppend } from '../append/preparedAppend.js';
import {
  matchesFilter,
  resolveAllRead,
  resolveEncodedRead,
  resolveStreamRead,
} from '../append/readOptions.js';
import { sharedDecoded } from './sharedDecoded.js';
import { CommitSignal } from '../subscription/commitSignal.js';
import { LogSubscriptions } from '../subscription/pullSubscription.js';
import type { SubscriptionPage } from '../subscription/pullSubscription.js';
import { EventQueries } from './eventQueries.js';
import { GroupCommitWriter } from './groupCommitWriter.js';
import { openLedgerDatabase } from './openLedgerDatabase.js';
import type { LedgerDatabaseOptions } from './openLedgerDatabase.js';
import { toStorageError } from './storageErrors.js';

export interface SqliteEventLogOptions extends LedgerDatabaseOptions {
  readonly limits?: Partial<LedgerLimits>;
  /** Most events one group commit writes. Default 10,000. */
  readonly maxBatchEvents?: number;
  /** Idle subscriptions re-read this often to see other processes' writes. Default 250 ms. */
  readonly subscriptionPollMs?: number;
}

export interface SqliteEventLog extends EventLog {
  /** The open connection, for stores that share the ledger file (Merkle node cache). */
  readonly database: Database;
  /** Group-commit counters: committed batches, the appends they answered, the events they wrote. */
  commitStats(): Readonly<{ batches: number; appends: number; events: number }>;
  /** Global position of the event with this id (the ledger's id index), or null when the log has none. */
  eventPosition(id: string): Promise<number | null>;
}

/** The embedded, durable event log: one SQLite file, WAL, synchronous=FULL, group commit. */
export function openSqliteEventLog(file: string, options: SqliteEventLogOptions = {}): SqliteEventLog {
  const limits = resolveLimits(options.limits);
  const db = openLedgerDatabase(file, options);
  const queries = new EventQueries(db);
  const signal = new CommitSignal();
  const writer = new GroupCommitWriter(db, queries, {
    maxBatchEvents: options.maxBatchEvents ?? 10_000,
    onCommit: (lastPosition) => signal.notify(lastPosition),
  });
  let closed = false;

  const guarded = <T>(work: () => T): Promise<T> =>
    asPromise(() => {
      if (closed) throw new LedgerError('LEDGER_CLOSED', 'the event log is closed');
      try {
        return work();
      } catch (error) {
        throw error instanceof LedgerError ? error : toStorageError(error);
      }
    });

  const readPage = (from: number, maxCount: number, filter?: EventFilter): Promise<SubscriptionPage> =>
    guarded(() => recentPage(from, maxCount, filter) ?? storedPage(from, maxCount, filter));

  /**
   * Live subscribers mostly ask for what was just committed: serve it from memory, decoded once and shared
   * (deep-frozen) by every subscriber, instead of one SQLite query and one JSON.parse per subscriber.
   */
  const recentPage = (from: number, maxCount: number, filter?: EventFilter): SubscriptionPage | undefined => {
    const recent = writer.recentEncoded(from, maxCount);
    if (recent === undefined) return undefined;
    const events = recent
      .filter((event) => matchesFilter(event.stream, event.type, filter))
      .map(sharedDecoded);
    return { events, nextPosition: from + recent.length, reachedHead: recent.length < maxCount };
  };

  const storedPage = (from: number, maxCount: number, filter?: EventFilter): SubscriptionPage =>
    db
      .transaction(() => {
        const events = queries.range(true, from, maxCount, filter);
        if (events.length === maxCount) {
          return {
            events: events.map(decodeEvent),
            nextPosition: events[events.length - 1]!.position + 1,
            reachedHead: false,
          };
        }
        const head = queries.maxPosition();
        return {
          events: events.map(decodeEvent),
          nextPosition: Math.max(from, (head ?? -1) + 1),
          reachedHead: true,
        };
      })
      .deferred();

  const subscriptions = new LogSubscriptions(readPage, signal, options.subscriptionPollMs ?? 250);

  return {
    database: db,
    commitStats: () => writer.stats(),
    eventPosition: (id) => guarded(() => queries.byId(id)?.position ?? null),
    append: (stream, events, expected) => {
      // Validation throws synchronously; it must reach the caller as a rejection, like every other refusal.
      let prepared;
      try {
        if (closed) throw new LedgerError('LEDGER_CLOSED', 'the event log is closed');
        prepared = prepareAppend(stream, events, expected, limits);
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
      return writer.enqueue(prepared);
    },
    readStream: (stream, options) =>
      guarded(() => {
        const read = resolveStreamRead(stream, options);
        return queries
          .stream(stream, read.direction === 'forwards', read.fromRevision, read.maxCount)
          .map(decodeEvent);
      }),
    readAll: (options) =>
      guarded(() => {
        const read = resolveAllRead(options);
        return queries
          .range(read.direction === 'forwards', read.fromPosition, read.maxCount, read.filter)
          .map(decodeEvent);
      }),
    readEncoded: (fromPosition, maxCount) =>
      guarded(() => {
        const { from, count } = resolveEncodedRead(fromPosition, maxCount);
        return writer.recentEncoded(from, count) ?? queries.encoded(from, count);
      }),
    subscribeToAll: (subscribeOptions) => {
      if (closed) throw new LedgerError('LEDGER_CLOSED', 'the event log is closed');
      return subscriptions.subscribe(subscribeOptions);
    },
    watchCommits: (listener) => signal.watch(listener),
    headPosition: () => guarded(() => queries.maxPosition()),
    close: async () => {
      if (closed) return;
      await writer.drain();
      closed = true;
      await subscriptions.closeAll();
      db.close();
    },
  };
}
