import type { EventStoreDBClient } from '@eventstore/db-client';
import { LedgerError } from '../../domain/index.js';
import type { EncodedEvent, EventFilter, RecordedEvent } from '../../domain/index.js';
import { decodeEvent } from '../append/decodeEvent.js';
import { matchesFilter } from '../append/readOptions.js';
import type { ResolvedAllRead, ResolvedStreamRead } from '../append/readOptions.js';
import type { SubscriptionPage } from '../subscription/pullSubscription.js';
import { fromEventStoreEvent } from './eventStoreEnvelope.js';
import { readLeaves } from './leafReads.js';
import type { NamespaceFollower } from './namespaceFollower.js';
import { showPosition } from './positionIndex.js';
import { readEventStoreStream } from './streamReads.js';
import type { StreamEvent } from './streamReads.js';

/** Leaves one step of a filtered scan of the global log reads. */
const SCAN_PAGE = 1000;

export interface LeafReader {
  /** Leaves [from, from + count) as stored, as far as the index reaches. */
  encoded(from: number, count: number): Promise<EncodedEvent[]>;
  /** One subscription page: up to `maxCount` leaves from `from`, filtered. */
  page(from: number, maxCount: number, filter?: EventFilter): Promise<SubscriptionPage>;
  /** The global log as `read` asks, in leaf order (or reverse). */
  all(read: ResolvedAllRead): Promise<RecordedEvent[]>;
  /** An ESDB stream as `read` asks, each event at its leaf. */
  stream(eventStoreStream: string, read: ResolvedStreamRead): Promise<EncodedEvent[]>;
  /** The stream's last stored event, or undefined. */
  lastOf(eventStoreStream: string): Promise<EncodedEvent | undefined>;
  /** Stored events with these ids (undefined where the index has none). */
  storedByIds(ids: readonly string[]): Promise<(EncodedEvent | undefined)[]>;
}

/** Reads of one namespace, addressed by leaf index through the follower's index. */
export function createLeafReader(
  client: EventStoreDBClient,
  prefix: string,
  follower: NamespaceFollower,
): LeafReader {
  const index = follower.index;
  const encoded = (from: number, count: number) => readLeaves(client, index, prefix, from, count);

  const decoded = async (from: number, count: number, filter: EventFilter | undefined) => {
    const page = await encoded(from, count);
    const events = page.filter((event) => matchesFilter(event.stream, event.type, filter)).map(decodeEvent);
    return { events, read: page.length };
  };

  /** The leaf of a stream event; an event newer than the index waits for the follower (it is committed). */
  const leafOf = async (event: StreamEvent): Promise<number> => {
    const leaf = await follower.until(() => index.leafAt(event.position));
    if (leaf !== undefined) return leaf;
    throw new LedgerError(
      'STORAGE_CORRUPT',
      `event ${event.stored.id} of ${event.stored.streamId} is at $all ${showPosition(event.position)}, which $all does not hold`,
      { stream: event.stored.streamId, eventStorePosition: showPosition(event.position), field: 'position' },
    );
  };

  const stream = async (eventStoreStream: string, read: ResolvedStreamRead) => {
    const events = await readEventStoreStream(client, eventStoreStream, read);
    const out: EncodedEvent[] = [];
    for (const event of events) out.push(fromEventStoreEvent(event.stored, prefix, await leafOf(event)));
    return out;
  };

  return {
    encoded,
    stream,
    page: async (from, maxCount, filter) => {
      const { events, read } = await decoded(from, maxCount, filter);
      return { events, nextPosition: from + read, reachedHead: from + read >= index.length };
    },
    all: async (read) => {
      const out: RecordedEvent[] = [];
      const forwards = read.direction === 'forwards';
      let next = forwards
        ? (read.fromPosition ?? 0)
        : Math.min(read.fromPosition ?? Infinity, index.length - 1);
      while (out.length < read.maxCount && (forwards ? next < index.length : next >= 0)) {
        const from = forwards ? next : Math.max(0, next - SCAN_PAGE + 1);
        const page = await decoded(from, forwards ? SCAN_PAGE : next - from + 1, read.filter);
        if (page.read === 0) break;
        const events = forwards ? page.events : page.events.reverse();
        out.push(...events.slice(0, read.maxCount - out.length));
        next = forwards ? from + page.read : from - 1;
      }
      return out;
    },
    lastOf: async (eventStoreStream) =>
      (await stream(eventStoreStream, { direction: 'backwards', fromRevision: undefined, maxCount: 1 }))[0],
    storedByIds: async (ids) => {
      const leaves = ids.map((id) => index.leafOfId(id));
      const known = leaves.filter((leaf): leaf is number => leaf !== undefined);
      if (known.length === 0) return leaves.map(() => undefined);
      const first = Math.min(...known);
      const span = Math.max(...known) - first + 1;
      // One read when the leaves lie together (the usual case: one earlier append), else one read per leaf.
      const byLeaf = new Map<number, EncodedEvent>();
      if (span <= 2 * ids.length + 64)
        for (const event of await encoded(first, span)) byLeaf.set(event.position, event);
      else for (const leaf of known) for (const event of await encoded(leaf, 1)) byLeaf.set(leaf, event);
      return leaves.map((leaf) => (leaf === undefined ? undefined : byLeaf.get(leaf)));
    },
  };
}
