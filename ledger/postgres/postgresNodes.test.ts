import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../domain/index.js';
import type { RecordedEvent } from '../../domain/index.js';
import { computeEventHash, GENESIS_HASH } from '../encoding/eventHash.js';
import { take, testEvents } from '../testing/testEvents.js';
import { openPostgresEventLog } from './postgresEventLog.js';
import type { PostgresEventLog } from './postgresEventLog.js';
import { startTestPostgres } from './testing/testPostgres.js';
import type { TestPostgres } from './testing/testPostgres.js';

let server: TestPostgres;
let url: string;
let schemas = 0;
const opened: PostgresEventLog[] = [];
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase('nodes');
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((log) => log.close()));
});
afterAll(() => server.stop());

/** `count` nodes (each its own pool and listener, as separate processes have) over one fresh ledger schema. */
async function nodes(count: number): Promise<PostgresEventLog[]> {
  const schema = `nodes_${schemas++}`;
  const logs = await Promise.all(
    Array.from({ length: count }, () => openPostgresEventLog(url, { schema, subscriptionPollMs: 60_000 })),
  );
  opened.push(...logs);
  return logs;
}

async function sql(text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text, values);
  } finally {
    await client.end();
  }
}

describe('PostgreSQL ledger shared by several nodes', () => {
  it('given three nodes appending concurrently to shared streams, then positions are contiguous in commit order and every chain holds', async () => {
    const logs = await nodes(3);
    await Promise.all(
      logs.flatMap((log, node) =>
        Array.from({ length: 8 }, async (_, writer) => {
          for (let round = 0; round < 10; round++) {
            const stream = `run-shared${(node + writer + round) % 4}`;
            await log.append(stream, testEvents(1 + (round % 3)), 'any');
          }
        }),
      ),
    );
    const all = await logs[0]!.readEncoded(0, 10_000);
    expect(all.map((event) => event.position)).toEqual(all.map((_, i) => i));
    const heads = new Map<string, { revision: number; hash: string }>();
    for (const event of all) {
      const head = heads.get(event.stream);
      expect(event.revision).toBe(head === undefined ? 0 : head.revision + 1);
      expect(event.prevHash).toBe(head?.hash ?? GENESIS_HASH);
      expect(computeEventHash(event)).toBe(event.hash);
      heads.set(event.stream, { revision: event.revision, hash: event.hash });
    }
    expect(all).toHaveLength(3 * 8 * (4 * 1 + 3 * 2 + 3 * 3));
    expect(await logs[2]!.headPosition()).toBe(all.length - 1);
  });

  it('given a subscriber on one node, when other nodes commit, then it receives every event once, in order, woken by NOTIFY', async () => {
    const [a, b, c] = await nodes(3);
    const commitsSeenByA: number[] = [];
    const stopWatching = a!.watchCommits((position) => commitsSeenByA.push(position));
    // A 60 s poll: only the notification can deliver these within the test's time.
    const received = take(a!.subscribeToAll(), 40);
    await Promise.all([
      (async () => {
        for (let i = 0; i < 10; i++) await b!.append('run-b', testEvents(2), 'any');
      })(),
      (async () => {
        for (let i = 0; i < 10; i++) await c!.append('run-c', testEvents(2), 'any');
      })(),
    ]);
    const events = await received;
    stopWatching();
    expect(events.map((event) => event.position)).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(commitsSeenByA.at(-1)).toBe(39);
  });

  it('given the same ids appended through two nodes at once, then they are stored once and both get the same answer', async () => {
    const [a, b] = await nodes(2);
    const events = testEvents(3);
    const [first, second] = await Promise.all([
      a!.append('run-x', events, 'any'),
      b!.append('run-x', events, 'any'),
    ]);
    expect([first.deduplicated, second.deduplicated].sort()).toEqual([false, true]);
    expect(first.events).toEqual(second.events);
    expect(await a!.readStream('run-x')).toHaveLength(3);
  });
});

describe('PostgreSQL ledger immutability', () => {
  it('given stored events, when any role updates, deletes or truncates them or rewinds the head, then PostgreSQL refuses', async () => {
    const [log] = await nodes(1);
    await log!.append('run-a', testEvents(2), 'no_stream');
    const schema = log!.database.s;
    await sql('DROP ROLE IF EXISTS mir_app');
    await sql('CREATE ROLE mir_app LOGIN');
    await sql(`GRANT USAGE ON SCHEMA ${schema} TO mir_app`);
    await sql(`GRANT ALL ON ALL TABLES IN SCHEMA ${schema} TO mir_app`);
    const asApp = async (text: string) => {
      const client = new pg.Client({ connectionString: url.replace('//mir@', '//mir_app@') });
      await client.connect();
      try {
        await client.query(text);
        return 'accepted';
      } catch (error) {
        return (error as Error).message;
      } finally {
        await client.end();
      }
    };
    const owner = async (text: string) =>
      sql(text).then(
        () => 'accepted',
        (error: unknown) => (error as Error).message,
      );
    for (const attempt of [owner, asApp]) {
      expect(await attempt(`UPDATE ${schema}.events SET data = '{}' WHERE position = 0`)).toMatch(
        /permission denied|immutable/,
      );
      expect(await attempt(`DELETE FROM ${schema}.events WHERE position = 1`)).toMatch(
        /permission denied|immutable/,
      );
      expect(await attempt(`TRUNCATE ${schema}.events`)).toMatch(/permission denied|immutable/);
      expect(await attempt(`UPDATE ${schema}.ledger_head SET next_position = 0`)).toMatch(/forwards/);
    }
    expect((await log!.readEncoded(0, 10)).map((event) => event.position)).toEqual([0, 1]);
    await log!.append('run-a', testEvents(1), 1);
    expect(await log!.headPosition()).toBe(2);
  });

  it('given a schema holding another format, when opened, then STORAGE_CORRUPT and nothing is changed', async () => {
    const [log] = await nodes(1);
    await sql(`INSERT INTO ${log!.database.s}.ledger_meta VALUES ('probe', 'x')`);
    await sql(`UPDATE ${log!.database.s}.ledger_meta SET value = 'other-format' WHERE key = 'format'`);
    const error = await openPostgresEventLog(url, { schema: log!.database.schema }).catch((e: unknown) => e);
    expect(hasErrorCode(error, 'STORAGE_CORRUPT')).toBe(true);
    const missing = await openPostgresEventLog(url, { schema: 'missing_one', readOnly: true }).catch(
      (e: unknown) => e,
    );
    expect(hasErrorCode(missing, 'STORAGE_CORRUPT')).toBe(true);
  });
});

describe('PostgreSQL ledger across a server restart', () => {
  it('given writers and a subscriber, when PostgreSQL restarts mid-load, then refused appends are typed storage errors, retries land once, and the subscriber misses nothing', async () => {
    const [writer, reader] = await nodes(2);
    const acknowledged = new Set<string>();
    let refused = 0;
    const received: RecordedEvent[] = [];
    const subscription = reader!.subscribeToAll();
    const collecting = (async () => {
      for await (const event of subscription) received.push(event);
    })();
    let stop = false;
    const writers = Array.from({ length: 4 }, async (_, w) => {
      while (!stop) {
        const events = testEvents(2);
        for (;;) {
          try {
            await writer!.append(`run-w${w}`, events, 'any');
            break;
          } catch (error) {
            expect(hasErrorCode(error, 'STORAGE_IO') || hasErrorCode(error, 'STORAGE_BUSY')).toBe(true);
            refused++;
            await new Promise((resolve) => setTimeout(resolve, 20));
          }
        }
        for (const event of events) acknowledged.add(event.id);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await server.restart();
    await new Promise((resolve) => setTimeout(resolve, 500));
    stop = true;
    await Promise.all(writers);
    const head = (await writer!.headPosition())!;
    // The subscriber's poll is 60 s: after the restart, the listener's reconnection is what wakes it.
    for (let waited = 0; received.length < head + 1 && waited < 10_000; waited += 50)
      await new Promise((resolve) => setTimeout(resolve, 50));
    await subscription.close();
    await collecting;
    const stored = await reader!.readEncoded(0, 100_000);
    expect(stored.map((event) => event.position)).toEqual(stored.map((_, i) => i));
    expect(new Set(stored.map((event) => event.id)).size).toBe(stored.length);
    expect([...acknowledged].filter((id) => !stored.some((event) => event.id === id))).toEqual([]);
    expect(received.map((event) => event.position)).toEqual(stored.map((event) => event.position));
    expect(refused).toBeGreaterThan(0);
  });
});
