import { LedgerError } from '../../domain/index.js';
import type {
  EncodedEvent,
  EventLog,
  NewEvent,
  ExpectedRevision,
  RecordedEvent,
} from '../../domain/index.js';
import { decodeEvent } from '../append/decodeEvent.js';
import { asPromise } from '../append/asPromise.js';
import { resolveLimits } from '../append/ledgerLimits.js';
import type { LedgerLimits } from '../append/ledgerLimits.js';
import { prepareAppend } from '../append/preparedAppend.js';
import {
  matchesFilter,
  resolveAllRead,
  resolveEncodedRead,
  resolveStreamRead,
} from '../append/readOptions.js';
import { decideAppend } from '../append/decideAppend.js';
import { CommitSignal } from '../subscription/commitSignal.js';
import { LogSubscriptions } from '../subscription/pullSubscription.js';
import type { SubscriptionPage } from '../subscription/pullSubscription.js';

export interface MemoryEventLogOptions {
  readonly limits?: Partial<LedgerLimits>;
}

/**
 * An event log held in memory, with exactly the port's semantics (chain, idempotency, expected revisions,
 * subscriptions) and no durability. For fast tests and for tools that build a ledger before writing it.
 */
export function createMemoryEventLog(options: MemoryEventLogOptions = {}): EventLog {
  const limits = resolveLimits(options.limits);
  const log: EncodedEvent[] = [];
  const positionById = new Map<string, number>();
  const positionsByStream = new Map<string, number[]>();
  const signal = new CommitSignal();
  let closed = false;

  const assertOpen = () => {
    if (closed) throw new LedgerError('LEDGER_CLOSED', 'the event log is closed');
  };
  const lastOf = (stream: string) => {
    const positions = positionsByStream.get(stream);
    return positions === undefined ? undefined : log[positions[positions.length - 1]!];
  };
  const headOf = (stream: string) => {
    const last = lastOf(stream);
    return last === undefined ? null : { revision: last.revision, hash: last.hash };
  };

  const append = (stream: string, events: readonly NewEvent[], expected: ExpectedRevision) => {
    assertOpen();
    const prepared = prepareAppend(stream, events, expected, limits);
    const existing = prepared.events.map((event) => {
      const position = positionById.get(event.id);
      return position === undefined ? undefined : log[position];
    });
    const decision = decideAppend(prepared, log.length, {
      existing,
      head: headOf(stream),
      last: () => lastOf(stream),
    });
    if ('error' in decision) throw decision.error;
    const sealed = decision.sealed;
    if (sealed === undefined) return decision.result;
    const streamPositions = positionsByStream.get(stream) ?? [];
    positionsByStream.set(stream, streamPositions);
    for (const event of sealed) {
      log.push(event);
      positionById.set(event.id, event.position);
      streamPositions.push(event.position);
    }
    signal.notify(log.length - 1);
    return decision.result;
  };

  const readPage = (
    from: number,
    maxCount: number,
    filter: Parameters<typeof matchesFilter>[2],
  ): SubscriptionPage => {
    assertOpen();
    const events: RecordedEvent[] = [];
    let position = from;
    for (; position < log.length && events.length < maxCount; position++) {
      const event = log[position]!;
      if (matchesFilter(event.stream, event.type, filter)) events.push(decodeEvent(event));
    }
    return { events, nextPosition: position, reachedHead: position >= log.length };
  };

  const subscriptions = new LogSubscriptions(
    (from, max, filter) => asPromise(() => readPage(from, max, filter)),
    signal,
  );

  return {
    append: (stream, events, expected) => asPromise(() => append(stream, events, expected)),
    readStream: (stream, options) =>
      asPromise(() => {
        assertOpen();
        const read = resolveStreamRead(stream, options);
        const positions = positionsByStream.get(stream) ?? [];
        const picked =
          read.direction === 'forwards' ? forwardSlice(positions, read) : backwardSlice(positions, read);
        return picked.map((position) => decodeEvent(log[position]!));
      }),
    readAll: (options) =>
      asPromise(() => {
        assertOpen();
        const read = resolveAllRead(options);
        if (read.direction === 'forwards')
          return [...readPage(read.fromPosition ?? 0, read.maxCount, read.filter).events];
        const events: RecordedEvent[] = [];
        for (
          let p = Math.min(read.fromPosition ?? log.length - 1, log.length - 1);
          p >= 0 && events.length < read.maxCount;
          p--
        ) {
          const event = log[p]!;
          if (matchesFilter(event.stream, event.type, read.filter)) events.push(decodeEvent(event));
        }
        return events;
      }),
    readEncoded: (fromPosition, maxCount) =>
      asPromise(() => {
        assertOpen();
        const { from, count } = resolveEncodedRead(fromPosition, maxCount);
        return log.slice(from, from + count);
      }),
    subscribeToAll: (options) => {
      assertOpen();
      return subscriptions.subscribe(options);
    },
    watchCommits: (listener) => signal.watch(listener),
    headPosition: () => asPromise(() => (assertOpen(), log.length === 0 ? null : log.length - 1)),
    close: async () => {
      closed = true;
      await subscriptions.closeAll();
    },
  };
}

function forwardSlice(
  positions: readonly number[],
  read: { fromRevision: number | undefined; maxCount: number },
) {
  const start = read.fromRevision ?? 0;
  return positions.slice(start, start + read.maxCount);
}

function backwardSlice(
  positions: readonly number[],
  read: { fromRevision: number | undefined; maxCount: number },
) {
  const end = Math.min(read.fromRevision ?? positions.length - 1, positions.length - 1);
  return positions.slice(Math.max(0, end - read.maxCount + 1), end + 1).reverse();
}
