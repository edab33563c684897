import { EventStoreDBClient } from '@eventstore/db-client';
import { LedgerError } from '../../domain/index.js';
import type { EncodedEvent, EventFilter, EventLog } from '../../domain/index.js';
import { decodeEvent } from '../append/decodeEvent.js';
import { resolveLimits } from '../append/ledgerLimits.js';
import type { LedgerLimits } from '../append/ledgerLimits.js';
import { prepareAppend } from '../append/preparedAppend.js';
import { resolveAllRead, resolveEncodedRead, resolveStreamRead } from '../append/readOptions.js';
import { CommitSignal } from '../subscription/commitSignal.js';
import { LogSubscriptions } from '../subscription/pullSubscription.js';
import { appendToEventStore } from './eventStoreAppend.js';
import { toLedgerError } from './eventStoreErrors.js';
import { KeyedLock } from './keyedLock.js';
import { NamespaceFollower } from './namespaceFollower.js';
import { createLeafReader } from './leafReader.js';
import { DEFAULT_NAMESPACE, eventStoreStreamName, namespacePrefix } from './streamNamespace.js';
import { redactConnectionString } from '../redactConnectionString.js';

export interface EventStoreEventLogOptions {
  /** The ledger's namespace: MIR stream `s` is ESDB stream `<namespace>.<s>`. Default `mir`. */
  readonly namespace?: string;
  readonly limits?: Partial<LedgerLimits>;
  /** The follower re-reads `$all` this often, besides the live doorbell (other nodes' commits). Default 250 ms. */
  readonly pollMs?: number;
}

export interface EventStoreEventLog extends EventLog {
  readonly namespace: string;
  /** Written appends (one ESDB write each, so batches = appends) and the events they wrote. */
  commitStats(): Readonly<{ batches: number; appends: number; events: number }>;
  /** Leaf position of the event with this id, or null when the namespace has none (as far as the index saw). */
  eventPosition(id: string): Promise<number | null>;
}

/**
 * An event log on EventStoreDB / KurrentDB, one namespace of a server being one ledger. Positions are leaf
 * indexes over the namespace's `$all` order, kept by a follower of `$all` (see `NamespaceFollower`), so they are
 * contiguous and the same on every node. Opening catches the index up to the server's head.
 *
 * @throws LedgerError STORAGE_IO (connection string unreadable, server unreachable; the password is never
 *   shown), INVALID_STREAM_NAME (namespace).
 */
export async function openEventStoreEventLog(
  connectionString: string,
  options: EventStoreEventLogOptions = {},
): Promise<EventStoreEventLog> {
  const namespace = options.namespace ?? DEFAULT_NAMESPACE;
  const prefix = namespacePrefix(namespace);
  const client = connect(connectionString);
  const signal = new CommitSignal();
  const follower = new NamespaceFollower(client, prefix, signal);
  try {
    await follower.catchUp();
  } catch (error) {
    await client.dispose();
    throw toLedgerError(error);
  }
  follower.startFollowing(options.pollMs ?? 250);
  return eventStoreLog({
    namespace,
    prefix,
    client,
    signal,
    follower,
    limits: resolveLimits(options.limits),
  });
}

function connect(connectionString: string): EventStoreDBClient {
  try {
    return EventStoreDBClient.connectionString(connectionString);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replaceAll(connectionString, '…') : 'unreadable';
    throw new LedgerError(
      'STORAGE_IO',
      `storage: EventStoreDB connection string ${redactConnectionString(connectionString)} is unreadable: ${redactConnectionString(reason)}`,
      { eventStoreError: 'connection-string' },
    );
  }
}

interface Parts {
  readonly namespace: string;
  readonly prefix: string;
  readonly client: EventStoreDBClient;
  readonly signal: CommitSignal;
  readonly follower: NamespaceFollower;
  readonly limits: LedgerLimits;
}

function eventStoreLog(parts: Parts): EventStoreEventLog {
  const { client, prefix, follower, signal } = parts;
  const leaves = createLeafReader(client, prefix, follower);
  const locks = new KeyedLock();
  const inFlight = new Set<Promise<unknown>>();
  const stats = { batches: 0, appends: 0, events: 0 };
  let closed = false;

  const guarded = async <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) throw new LedgerError('LEDGER_CLOSED', 'the event log is closed');
    const running = work().catch((error: unknown) => Promise.reject(toLedgerError(error)));
    inFlight.add(running);
    try {
      return await running;
    } finally {
      inFlight.delete(running);
    }
  };

  const readPage = (from: number, maxCount: number, filter?: EventFilter) =>
    guarded(() => leaves.page(from, maxCount, filter));

  // No poll: the follower wakes the signal for every commit it sees, its own poll included.
  const subscriptions = new LogSubscriptions(readPage, signal);

  return {
    namespace: parts.namespace,
    commitStats: () => ({ ...stats }),
    eventPosition: (id) =>
      guarded(async () => (await follower.catchUp(), follower.index.leafOfId(id) ?? null)),
    append: (stream, events, expected) =>
      guarded(async () => {
        const prepared = prepareAppend(stream, events, expected, parts.limits);
        const keys = [`stream:${stream}`, ...prepared.events.map((event) => `id:${event.id}`)];
        const result = await locks.run(keys, () =>
          appendToEventStore({ ...leaves, client, prefix, follower }, prepared),
        );
        if (!result.deduplicated) {
          stats.batches++;
          stats.appends++;
          stats.events += result.events.length;
        }
        return result;
      }),
    readStream: (stream, options) =>
      guarded(async () => {
        const read = resolveStreamRead(stream, options);
        const encoded = await leaves.stream(eventStoreStreamName(prefix, stream), read);
        return encoded.map(decodeEvent);
      }),
    readAll: (options) => guarded(() => leaves.all(resolveAllRead(options))),
    readEncoded: (fromPosition, maxCount) =>
      guarded((): Promise<EncodedEvent[]> => {
        const { from, count } = resolveEncodedRead(fromPosition, maxCount);
        return leaves.encoded(from, count);
      }),
    subscribeToAll: (subscribeOptions) => {
      if (closed) throw new LedgerError('LEDGER_CLOSED', 'the event log is closed');
      return subscriptions.subscribe(subscribeOptions);
    },
    watchCommits: (listener) => signal.watch(listener),
    headPosition: () =>
      guarded(async () => {
        await follower.catchUp();
        return follower.index.length === 0 ? null : follower.index.length - 1;
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      // Synchronously, before any subscription can start another read that would meet LEDGER_CLOSED.
      const ended = subscriptions.closeAll();
      await Promise.allSettled([...inFlight, ended]);
      await follower.close();
      await client.dispose();
    },
  };
}
