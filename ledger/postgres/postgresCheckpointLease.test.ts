import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckpointLease } from '../checkpoints/checkpointLease.js';
import { readCheckpointDataText } from '../checkpoints/checkpointData.js';
import { openLedger } from '../ledgerService.js';
import type { Ledger } from '../ledgerService.js';
import { CHECKPOINTS_STREAM } from '../ledgerStreams.js';
import { testEvents } from '../testing/testEvents.js';
import { manualClock, newSigner, testIds } from '../testing/testLedger.js';
import { startPostgresCheckpointLease } from './postgresCheckpointLease.js';
import { openPostgresEventLog } from './postgresEventLog.js';
import type { PostgresEventLog } from './postgresEventLog.js';
import { createPostgresMerkleNodeStore } from './postgresMerkleNodeStore.js';
import { startTestPostgres } from './testing/testPostgres.js';
import type { TestPostgres } from './testing/testPostgres.js';

let server: TestPostgres;
let url: string;
let schemas = 0;
const toClose: { close(): Promise<void> }[] = [];
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase('leases');
});
afterEach(async () => {
  for (const item of toClose.splice(0).reverse()) await item.close();
});
afterAll(() => server.stop());

async function logs(count: number): Promise<PostgresEventLog[]> {
  const schema = `lease_${schemas++}`;
  const opened = [];
  for (let i = 0; i < count; i++) opened.push(await openPostgresEventLog(url, { schema }));
  toClose.push(...opened);
  return opened;
}

function lease(log: PostgresEventLog, holder: string, ttlMs = 600): CheckpointLease {
  const started = startPostgresCheckpointLease(log, { holder, ttlMs });
  toClose.push(started);
  return started;
}

const until = async (condition: () => boolean, timeoutMs = 5000) => {
  for (let waited = 0; !condition() && waited < timeoutMs; waited += 20)
    await new Promise((resolve) => setTimeout(resolve, 20));
  return condition();
};

describe('the checkpointer lease in PostgreSQL', () => {
  it('given two nodes asking for the lease, then exactly one holds it; when it gives it up, the other takes it', async () => {
    const [a, b] = await logs(2);
    const first = lease(a!, 'node-a');
    expect(await until(() => first.holds())).toBe(true);
    const second = lease(b!, 'node-b');
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect([first.holds(), second.holds()]).toEqual([true, false]);
    await first.close();
    expect(first.holds()).toBe(false);
    expect(await until(() => second.holds())).toBe(true);
  });

  it('given a holder that died (its row no longer renewed), then another node takes over once the row expires', async () => {
    const [a] = await logs(1);
    const db = a!.database;
    await db.rows(
      `INSERT INTO ${db.s}.leases VALUES ('checkpointer', 'dead-node', clock_timestamp() + interval '700 milliseconds')`,
    );
    const survivor = lease(a!, 'node-b', 300);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(survivor.holds()).toBe(false);
    expect(await until(() => survivor.holds())).toBe(true);
  });

  it('given two ledgers on one store, each with a lease, then only the holder signs and the checkpoints never shrink', async () => {
    const [a, b] = await logs(2);
    const signer = newSigner();
    const open = async (log: PostgresEventLog, holder: string): Promise<Ledger> => {
      const ledger = await openLedger({
        log,
        nodes: createPostgresMerkleNodeStore(log),
        signer,
        clock: manualClock(),
        ids: testIds,
        // No background checkpoints: each one below is asked for.
        checkpointEveryEvents: 1_000_000,
        checkpointEveryMs: 3_600_000,
        checkpointLease: startPostgresCheckpointLease(log, { holder, ttlMs: 600 }),
        checkpointFolding: 'in-thread',
      });
      toClose.push({ close: () => ledger.close() });
      return ledger;
    };
    const first = await open(a!, 'node-a');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = await open(b!, 'node-b');
    await Promise.all(
      [a!, b!].map(async (log, n) => {
        for (let i = 0; i < 20; i++) await log.append(`run-n${n}`, testEvents(10), 'any');
      }),
    );
    const signedFirst = await first.checkpointNow();
    await a!.append('run-more', testEvents(5), 'no_stream');
    const notHolding = await second.checkpointNow();
    expect(notHolding?.checkpoint.treeSize).toBe(signedFirst!.checkpoint.treeSize);
    expect(await b!.readStream(CHECKPOINTS_STREAM, { maxCount: 100_000 })).toHaveLength(1);
    const signed = await first.checkpointNow();
    expect(signed!.checkpoint.treeSize).toBeGreaterThan(signedFirst!.checkpoint.treeSize);
    const all = await a!.readStream(CHECKPOINTS_STREAM, { maxCount: 100_000 });
    const sizes = all.map((event) => readCheckpointDataText(JSON.stringify(event.data)).data!.treeSize);
    expect(sizes).toEqual([...sizes].sort((x, y) => x - y));
    expect(all.map((event) => event.revision)).toEqual(all.map((_, i) => i));
  });
});
