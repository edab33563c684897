import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RunCommandService, runStream } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import type { SqliteEventLog } from '../../ledger/index.js';
import { asyncErrorCodeOf } from '../../ledger/testing/errorCodeOf.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { openTestReadModels, tempDir } from '../../projections/testing/readModelFixture.js';
import type { TempDir } from '../../projections/testing/readModelFixture.js';
import { auditIndexSourceEvents } from './auditIndexSourceEvents.js';

// The read models here are caught up by hand (their runner is not started), so the index lags the ledger on
// purpose: what the adapter does while it lags is what these tests pin.
let dir: TempDir;
let log: SqliteEventLog;
let models: ReturnType<typeof openTestReadModels>;
beforeEach(() => {
  dir = tempDir('mir-source-events-');
  log = openSqliteEventLog(dir.file('ledger.db'));
  models = openTestReadModels(log);
});
afterEach(async () => {
  await models.dispose();
  await log.close();
  dir.dispose();
});

const sourceEvents = (timeoutMs?: number) =>
  auditIndexSourceEvents({
    log,
    queries: models.queries,
    runner: models.runner,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  });

/** Appends a run's RunStarted for `tenant` and returns the event's id. */
async function runStarted(tenant: string): Promise<string> {
  const runId = testIds.newId();
  await new RunCommandService(log, manualClock(), testIds).execute(
    { type: 'StartRun', runId, goal: 'g', agent: 'a', input: null, budget: {} },
    { actor: { kind: 'user', id: 'user-7' }, tenant },
  );
  return (await log.readStream(runStream(runId)))[0]!.id;
}

describe('provenance resolved in the audit index', () => {
  it("given indexed events, then only the tenant's own ids come back (another tenant's is absent like an unknown)", async () => {
    const own = await runStarted('acme');
    const foreign = await runStarted('globex');
    await models.runner.catchUp();
    const found = await sourceEvents().existing('acme', [own, foreign, 'never-appended']);
    expect([...found]).toEqual([own]);
  });

  it('given an event the index does not hold yet, then the answer waits for the read models to reach the head', async () => {
    const own = await runStarted('acme');
    let answer: ReadonlySet<string> | undefined;
    const asked = sourceEvents()
      .existing('acme', [own])
      .then((found) => (answer = found));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(answer).toBeUndefined();
    await models.runner.catchUp();
    await asked;
    expect([...answer!]).toEqual([own]);
  });

  it('given read models that cannot catch up, then it rejects rather than judging the id unknown', async () => {
    const own = await runStarted('acme');
    expect(await asyncErrorCodeOf(() => sourceEvents(50).existing('acme', [own]))).toBe(
      'PROJECTION_WAIT_TIMEOUT',
    );
  });

  it('given every id already indexed, then it answers without waiting for later appends', async () => {
    const own = await runStarted('acme');
    await models.runner.catchUp();
    await runStarted('acme');
    const found = await sourceEvents(1).existing('acme', [own]);
    expect([...found]).toEqual([own]);
  });
});
