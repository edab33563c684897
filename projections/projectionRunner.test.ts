import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../domain/index.js';
import { createMemoryEventLog, openSqliteEventLog } from '../ledger/index.js';
import { asyncErrorCodeOf } from '../ledger/testing/errorCodeOf.js';
import { testEvents } from '../ledger/testing/testEvents.js';
import { bulkLoadMarker } from './bulkLoad.js';
import { DEFAULT_PROJECTIONS } from './defaultProjections.js';
import { isProjectionError } from './projectionErrors.js';
import { openReadModels } from './readModels.js';
import { dumpReadModels, openTestReadModels, tempDir } from './testing/readModelFixture.js';
import type { TempDir } from './testing/readModelFixture.js';
import { runDriver, seedRuns } from './testing/runDriver.js';
import { spyProjection } from './testing/spyProjection.js';

describe('projection runner', () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.dispose());

  const ledgerFile = () => dir.file('ledger.db');
  const open = (log: EventLog, options: Parameters<typeof openReadModels>[2] = {}) =>
    openReadModels(dir.file('readmodels.db'), log, { pollMs: 20, retryMs: 20, ...options });

  it('given a ledger written before start, when started, then it catches up to the head', async () => {
    const log = openSqliteEventLog(ledgerFile());
    const driver = runDriver(log);
    await seedRuns(driver, 40);
    const head = (await log.headPosition())!;
    const models = open(log, { batchSize: 7 });
    await models.runner.start();
    await models.runner.waitFor(head, { timeoutMs: 5000 });
    expect(models.runner.appliedPosition()).toBe(head);
    expect(await models.runner.lag()).toBe(0);
    expect(await models.queries.appliedPosition()).toBe(head);
    await models.close();
    await log.close();
  });

  it('given a started runner, when runs are appended, then waitFor gives read-your-writes', async () => {
    const log = openSqliteEventLog(ledgerFile());
    const models = open(log);
    await models.runner.start();
    const driver = runDriver(log);
    const runId = await driver.start();
    const step = await driver.step(runId);
    await models.runner.waitFor(step.position, { timeoutMs: 5000 });
    expect((await models.queries.runs('acme', [runId]))[0]).toMatchObject({
      status: 'running',
      stepCount: 1,
    });
    await models.close();
    await log.close();
  });

  it('given appends by another process, then the poll timer picks them up', async () => {
    const followed = openSqliteEventLog(ledgerFile());
    const other = openSqliteEventLog(ledgerFile());
    const models = open(followed);
    await models.runner.start();
    const runId = await runDriver(other).start();
    const head = (await other.headPosition())!;
    await models.runner.waitFor(head, { timeoutMs: 5000 });
    expect(await models.queries.runs('acme', [runId])).toEqual([expect.objectContaining({ runId })]);
    await models.close();
    await Promise.all([followed.close(), other.close()]);
  });

  it('given a runner stopped and restarted, then it resumes after the stored position, applying nothing twice', async () => {
    const log = openSqliteEventLog(ledgerFile());
    const driver = runDriver(log);
    await seedRuns(driver, 10);
    const first = open(log, { projections: [...DEFAULT_PROJECTIONS, spyProjection('spy')] });
    const stoppedAt = (await first.runner.catchUp())!;
    await first.close();
    await seedRuns(driver, 5, 11);
    const spy = spyProjection('spy');
    const second = open(log, { projections: [...DEFAULT_PROJECTIONS, spy] });
    const head = (await second.runner.catchUp())!;
    expect(spy.seen).toEqual(range(stoppedAt + 1, head));
    const incremental = dumpReadModels(second.database);
    await second.runner.rebuild();
    expect(dumpReadModels(second.database)).toEqual(incremental);
    await second.close();
    await log.close();
  });

  it('given a projection failing inside a batch, then nothing of the batch is visible, the error is reported and the retry resumes exactly', async () => {
    const log = createMemoryEventLog();
    await seedRuns(runDriver(log), 20);
    const head = (await log.headPosition())!;
    let failAt: number | null = 25;
    const errors: unknown[] = [];
    const spy = spyProjection('spy', { failAt: () => failAt });
    const models = open(log, {
      projections: [...DEFAULT_PROJECTIONS, spy],
      batchSize: 10,
      onError: (error) => errors.push(error),
    });
    await models.runner.start();
    await until(() => errors.length >= 2);

    expect(models.runner.appliedPosition()).toBe(19);
    const visible = await models.queries.auditPositions({ tenant: 'acme' }, { first: 1000 });
    expect(Math.max(...visible.items)).toBeLessThanOrEqual(19);
    const maxAudited = models.database.prepare('SELECT max(position) FROM audit_events').pluck().get();
    expect(maxAudited).toBe(19);
    const error = errors[0];
    expect(isProjectionError(error) && error.code).toBe('PROJECTION_FAILED');
    expect(isProjectionError(error) && error.details).toMatchObject({ projection: 'spy', position: 25 });
    expect(models.runner.lastError()).toBe(errors[errors.length - 1]);

    failAt = null;
    await models.runner.waitFor(head, { timeoutMs: 5000 });
    expect(models.runner.lastError()).toBeNull();
    const recovered = dumpReadModels(models.database);
    await models.runner.rebuild();
    expect(dumpReadModels(models.database)).toEqual(recovered);
    await models.close();
  });

  it('given read models rebuilt, then they equal the incrementally built ones, with every index back and no marker left', async () => {
    const log = createMemoryEventLog();
    const driver = runDriver(log);
    const models = open(log, { batchSize: 3 });
    await models.runner.start();
    await seedRuns(driver, 30);
    await models.runner.waitFor((await log.headPosition())!, { timeoutMs: 5000 });
    const incremental = dumpReadModels(models.database);
    const indexes = () =>
      models.database
        .prepare("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")
        .pluck()
        .all();
    const before = indexes();
    await models.runner.rebuild();
    expect(dumpReadModels(models.database)).toEqual(incremental);
    expect(indexes()).toEqual(before);
    expect(existsSync(bulkLoadMarker(dir.file('readmodels.db')))).toBe(false);
    await models.close();
  });

  it('given the runner closed during a rebuild, then the rebuild stops with PROJECTION_CLOSED, leaving indexes and fsync back', async () => {
    const log = createMemoryEventLog();
    await log.append('things', testEvents(2000), 'no_stream');
    const models = open(log, { rebuildBatchSize: 10 });
    await models.runner.start();
    const rebuilding = asyncErrorCodeOf(() => models.runner.rebuild());
    await until(() => (models.runner.appliedPosition() ?? -1) >= 100);
    await models.runner.close();
    expect(await rebuilding).toBe('PROJECTION_CLOSED');
    expect(existsSync(bulkLoadMarker(dir.file('readmodels.db')))).toBe(false);
    expect(models.database.pragma('synchronous', { simple: true })).toBe(1);
    const indexes = models.database
      .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'index'")
      .pluck();
    expect(indexes.get()).toBeGreaterThanOrEqual(10);
    await models.close();
  });

  it('given read models of another ledger, then start refuses with READ_MODEL_DIVERGED until rebuilt', async () => {
    const original = createMemoryEventLog();
    await original.append('things', testEvents(5), 'no_stream');
    const first = open(original);
    await first.runner.catchUp();
    await first.close();
    const other = createMemoryEventLog();
    await other.append('things', testEvents(8), 'no_stream');
    const second = open(other);
    expect(await asyncErrorCodeOf(() => second.runner.start())).toBe('READ_MODEL_DIVERGED');
    await second.runner.rebuild();
    await second.runner.start();
    expect(second.runner.appliedPosition()).toBe(7);
    await second.close();
  });

  it('given read models ahead of a shorter ledger, then start refuses with READ_MODEL_AHEAD', async () => {
    const events = testEvents(6);
    const long = createMemoryEventLog();
    await long.append('things', events, 'no_stream');
    const first = open(long);
    await first.runner.catchUp();
    await first.close();
    const short = createMemoryEventLog();
    await short.append('things', events.slice(0, 3), 'no_stream');
    const second = open(short);
    expect(await asyncErrorCodeOf(() => second.runner.start())).toBe('READ_MODEL_AHEAD');
    await second.close();
  });

  it('given a projection whose version changed, then only it is rebuilt from position 0', async () => {
    const log = createMemoryEventLog();
    await log.append('things', testEvents(5), 'no_stream');
    const first = open(log, { projections: [spyProjection('kept'), spyProjection('bumped')] });
    await first.runner.catchUp();
    await first.close();
    await log.append('things', testEvents(2), 4);
    const kept = spyProjection('kept');
    const bumped = spyProjection('bumped', { version: 2 });
    const second = open(log, { projections: [kept, bumped] });
    await second.runner.catchUp();
    expect(kept.seen).toEqual([5, 6]);
    expect(bumped.seen).toEqual([0, 1, 2, 3, 4, 5, 6]);
    await second.close();
  });

  describe('waitFor', () => {
    let log: EventLog;
    let models: ReturnType<typeof openTestReadModels>;
    beforeEach(() => {
      log = createMemoryEventLog();
      models = openTestReadModels(log);
    });
    afterEach(() => models.dispose());

    it('given a position never reached, then it rejects with PROJECTION_WAIT_TIMEOUT', async () => {
      await models.runner.start();
      expect(await asyncErrorCodeOf(() => models.runner.waitFor(3, { timeoutMs: 30 }))).toBe(
        'PROJECTION_WAIT_TIMEOUT',
      );
    });

    it('given the runner closes, then pending and later waits reject with PROJECTION_CLOSED', async () => {
      await models.runner.start();
      const pending = asyncErrorCodeOf(() => models.runner.waitFor(3));
      await models.runner.close();
      expect(await pending).toBe('PROJECTION_CLOSED');
      expect(await asyncErrorCodeOf(() => models.runner.waitFor(3))).toBe('PROJECTION_CLOSED');
    });

    it('given a negative or fractional position, then INVALID_POSITION', async () => {
      expect(await asyncErrorCodeOf(() => models.runner.waitFor(-1))).toBe('INVALID_POSITION');
      expect(await asyncErrorCodeOf(() => models.runner.waitFor(1.5))).toBe('INVALID_POSITION');
    });

    it('given an empty ledger, then nothing is applied and the lag is 0', async () => {
      await models.runner.start();
      expect(models.runner.appliedPosition()).toBeNull();
      expect(await models.runner.lag()).toBe(0);
      expect(await models.queries.appliedPosition()).toBeNull();
    });
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
