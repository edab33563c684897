import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { foldRun } from '../domain/index.js';
import type { EventLog } from '../domain/index.js';
import { createMemoryEventLog } from '../ledger/index.js';
import { asyncErrorCodeOf } from '../ledger/testing/errorCodeOf.js';
import { DEFAULT_PROJECTIONS } from './defaultProjections.js';
import { ProjectionApplier } from './projectionApplier.js';
import { runAsOf } from './runAsOf.js';
import { createSqliteReadModelQueries } from './sqliteReadModelQueries.js';
import { openTestReadModels } from './testing/readModelFixture.js';
import { runDriver, seedRuns } from './testing/runDriver.js';
import type { RunDriver } from './testing/runDriver.js';

describe('runAsOf (time travel)', () => {
  let log: EventLog;
  let driver: RunDriver;
  beforeEach(() => {
    log = createMemoryEventLog();
    driver = runDriver(log);
  });

  describe('against the read models', () => {
    let models: ReturnType<typeof openTestReadModels>;
    beforeEach(() => (models = openTestReadModels(log)));
    afterEach(() => models.dispose());

    it('given any history, then at every position it equals what the read models held once that position was applied', async () => {
      const ids = await seedRuns(driver, 8);
      const tenantOf = new Map<string, string>();
      for (const event of await log.readAll()) {
        if (event.type === 'RunStarted') tenantOf.set(event.stream.slice('run-'.length), event.meta.tenant);
      }
      const applier = new ProjectionApplier(models.database, DEFAULT_PROJECTIONS);
      const queries = createSqliteReadModelQueries(models.database);
      const head = (await log.headPosition())!;
      for (let position = 0; position <= head; position++) {
        applier.apply(await log.readEncoded(position, 1));
        for (const runId of ids) {
          const tenant = tenantOf.get(runId)!;
          const travelled = await runAsOf(log, tenant, runId, position);
          const [row] = await queries.runs(tenant, [runId]);
          const [steps] = await queries.steps(tenant, [runId]);
          expect({ position, summary: travelled?.summary ?? null }).toEqual({ position, summary: row });
          expect(travelled?.steps ?? []).toEqual(steps);
        }
      }
    });
  });

  it("given a position, then the state is the domain's fold of the run's events up to it", async () => {
    const runId = await driver.start();
    const step = await driver.step(runId);
    await driver.step(runId);
    await driver.complete(runId);
    const events = await log.readStream(`run-${runId}`);
    const travelled = await runAsOf(log, 'acme', runId, step.position);
    expect(travelled?.state).toEqual(foldRun(events.filter((event) => event.position <= step.position)));
    expect(travelled?.summary).toMatchObject({ status: 'running', stepCount: 1, endedAt: null });
    expect((await runAsOf(log, 'acme', runId, 1_000_000))?.summary.status).toBe('completed');
  });

  it('given a position before the run started, another tenant or an unknown run, then null', async () => {
    const before = await runDriver(log).start();
    const runId = await driver.start();
    const [started] = await log.readStream(`run-${runId}`);
    expect(await runAsOf(log, 'acme', runId, started!.position - 1)).toBeNull();
    expect(await runAsOf(log, 'globex', runId, started!.position)).toBeNull();
    expect(await runAsOf(log, 'acme', 'no-such-run', 10)).toBeNull();
    expect(await runAsOf(log, 'acme', before, started!.position)).not.toBeNull();
  });

  it('given a position that is not an integer >= 0, then INVALID_POSITION', async () => {
    expect(await asyncErrorCodeOf(() => runAsOf(log, 'acme', 'r', -1))).toBe('INVALID_POSITION');
    expect(await asyncErrorCodeOf(() => runAsOf(log, 'acme', 'r', 0.5))).toBe('INVALID_POSITION');
  });
});
