import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLedger } from '../ledgerService.js';
import { createPostgresMerkleNodeStore } from '../postgres/postgresMerkleNodeStore.js';
import { openPostgresEventLog } from '../postgres/postgresEventLog.js';
import { startTestPostgres } from '../postgres/testing/testPostgres.js';
import type { TestPostgres } from '../postgres/testing/testPostgres.js';
import { testEvents } from '../testing/testEvents.js';
import { manualClock, newSigner, testIds } from '../testing/testLedger.js';

let postgres: TestPostgres;
beforeAll(async () => (postgres = await startTestPostgres()));
afterAll(() => postgres.stop());

describe('a checkpointer whose store restarts', () => {
  it('given the database restarts while the checkpointer follows the log, then it reports the failed reads, follows again once the database is back, and signs what came after', async () => {
    const errors: unknown[] = [];
    const log = await openPostgresEventLog(await postgres.createDatabase('checkpointer_restart'));
    const ledger = await openLedger({
      log,
      nodes: createPostgresMerkleNodeStore(log),
      signer: newSigner(),
      clock: manualClock(),
      ids: testIds,
      // Polled every 20 ms: the follower surely reads while the server is down.
      checkpointEveryMs: 20,
      checkpointFolding: 'in-thread',
      onBackgroundError: (error) => errors.push(error),
    });
    await log.append('run-a', testEvents(3), 'no_stream');
    await ledger.checkpointNow();

    await postgres.restart();
    let appended;
    for (let attempt = 0; appended === undefined; attempt++) {
      // The pool's first connections after the restart may still meet "the database system is starting up".
      appended = await log.append('run-a', testEvents(2), 'exists').catch(() => undefined);
      if (appended === undefined && attempt > 100) throw new Error('the database did not come back');
      if (appended === undefined) await sleep(50);
    }
    // Bounded: a follower that died with the connection would leave checkpointNow waiting forever.
    const signed = await Promise.race([ledger.checkpointNow(), sleep(20_000).then(() => 'hung' as const)]);

    expect(signed).not.toBe('hung');
    expect(signed === 'hung' ? null : signed?.checkpoint.treeSize).toBe(appended.lastPosition + 1);
    expect(errors.length).toBeGreaterThan(0);
    await ledger.close();
  });
});
