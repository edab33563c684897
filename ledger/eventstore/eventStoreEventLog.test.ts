import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../domain/index.js';
import { eventLogContract } from '../testing/eventLogContract.js';
import { take, testEvent, testEvents } from '../testing/testEvents.js';
import { openEventStoreEventLog } from './eventStoreEventLog.js';

/**
 * The one EventLog contract against a real EventStoreDB / KurrentDB server, when one is named (see the README:
 * `EVENTSTORE_CONNECTION_STRING='esdb://127.0.0.1:2113?tls=false'`). No server runs on the development
 * machines, and nothing stands in for one: without it the suite shows as one skipped test.
 */
const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

/** Every case gets its own namespace, i.e. its own empty ledger on the shared server. */
const freshNamespace = () => `t${randomUUID().replaceAll('-', '')}`;

if (connectionString === undefined || connectionString === '') {
  it.skip('EventStoreDB contract (set EVENTSTORE_CONNECTION_STRING to run against a real server)', () => {});
} else {
  const url = connectionString;

  eventLogContract('EventStoreDB (real server)', async () => {
    const log = await openEventStoreEventLog(url, { namespace: freshNamespace() });
    return { log, dispose: () => log.close() };
  });

  describe('EventStoreDB: two nodes over one namespace', () => {
    it('when two logs append to one stream with "any" at once, then the chain stays whole and both see every event at the same leaf', async () => {
      const namespace = freshNamespace();
      const [a, b] = await Promise.all([
        openEventStoreEventLog(url, { namespace, pollMs: 50 }),
        openEventStoreEventLog(url, { namespace, pollMs: 50 }),
      ]);
      try {
        await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            (i % 2 === 0 ? a : b).append('run-shared', testEvents(2), 'any'),
          ),
        );
        const fromA = await a.readStream('run-shared');
        const fromB = await b.readStream('run-shared');
        expect(fromA.map((e) => e.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i));
        for (let i = 1; i < fromA.length; i++) expect(fromA[i]!.prevHash).toBe(fromA[i - 1]!.hash);
        expect(fromB.map((e) => [e.id, e.position])).toEqual(fromA.map((e) => [e.id, e.position]));
        expect((await a.readAll()).map((e) => e.position)).toEqual(Array.from({ length: 20 }, (_, i) => i));
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('when one node commits, then the other node’s subscribers and commit watchers see it', async () => {
      const namespace = freshNamespace();
      const writer = await openEventStoreEventLog(url, { namespace, pollMs: 50 });
      const reader = await openEventStoreEventLog(url, { namespace, pollMs: 50 });
      try {
        const watched: number[] = [];
        const stop = reader.watchCommits((last) => watched.push(last));
        const subscription = reader.subscribeToAll();
        const received = take(subscription, 3);
        await writer.append('run-a', testEvents(3), 'no_stream');
        expect((await received).map((e) => e.position)).toEqual([0, 1, 2]);
        await subscription.close();
        stop();
        expect(watched.at(-1)).toBe(2);
        expect(await reader.eventPosition((await writer.readStream('run-a'))[1]!.id)).toBe(1);
      } finally {
        await Promise.all([writer.close(), reader.close()]);
      }
    });

    it('when a node re-sends ids another node stored, then it is answered as a duplicate', async () => {
      const namespace = freshNamespace();
      const [a, b] = await Promise.all([
        openEventStoreEventLog(url, { namespace }),
        openEventStoreEventLog(url, { namespace }),
      ]);
      try {
        const events = [testEvent(), testEvent()];
        const first = await a.append('run-a', events, 'no_stream');
        expect(await b.append('run-a', events, 'no_stream')).toEqual({ ...first, deduplicated: true });
        const conflict = await b.append('run-b', [events[0]!], 'any').catch((error: unknown) => error);
        expect(hasErrorCode(conflict, 'IDEMPOTENCY_CONFLICT')).toBe(true);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });
  });
}
