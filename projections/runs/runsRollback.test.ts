import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../../domain/index.js';
import { createMemoryEventLog } from '../../ledger/index.js';
import { testEvent } from '../../ledger/testing/testEvents.js';
import { runAsOf } from '../runAsOf.js';
import { openTestReadModels } from '../testing/readModelFixture.js';
import { runDriver } from '../testing/runDriver.js';
import type { RunDriver } from '../testing/runDriver.js';

// The runs table through a rollback: a compensation recorded on an ended run keeps its status, and the rollback's
// end sets `rolled_back` / `rollback_failed` — in one batch or several, as the fold of the stream (`runAsOf`) says.

describe('runs projection through a rollback', () => {
  let log: EventLog;
  let driver: RunDriver;
  let models: ReturnType<typeof openTestReadModels>;
  beforeEach(() => {
    log = createMemoryEventLog();
    driver = runDriver(log);
    models = openTestReadModels(log);
  });
  afterEach(() => models.dispose());

  const summary = async (runId: string) => {
    await models.runner.catchUp();
    return (await models.queries.runs('acme', [runId]))[0];
  };
  /** Appends `types` to the run's stream, as the rollback service would (tenant acme). */
  const append = async (runId: string, ...events: readonly [type: string, data: object][]) => {
    const stream = `run-${runId}`;
    const last = (await log.readStream(stream)).at(-1)!.revision;
    const meta = { ...testEvent().meta, tenant: 'acme' };
    const planned = events.map(([type, data]) => testEvent({ type, data: data as never, meta }));
    return log.append(stream, planned, last);
  };
  const compensation = (callId: string) =>
    [
      'ToolCallRequested',
      {
        callId,
        tool: { name: 'kv.restore', version: '2', sideEffect: 'reversible', execution: 'runtime' },
        argsDigest: 'sha256:x',
        args: {},
        requestedBy: 'admin',
        compensates: { rollbackId: 'rb1', callId: 'c1' },
      },
    ] as [string, object];

  it('given a completed run, when a rollback compensates and ends, then completed meanwhile and rolled_back after', async () => {
    const runId = await driver.start();
    await driver.step(runId);
    await driver.complete(runId);
    await append(runId, ['RollbackStarted', { rollbackId: 'rb1' }], compensation('x1'));
    expect(await summary(runId)).toMatchObject({ status: 'completed' });
    const { events } = await append(runId, ['RunRolledBack', { rollbackId: 'rb1' }]);
    const row = await summary(runId);
    expect(row).toMatchObject({ status: 'rolled_back' });
    const folded = await runAsOf(log, 'acme', runId, events.at(-1)!.position);
    expect(folded?.state.status).toBe(row?.status);
  });

  it('given the whole rollback in one batch on a running run, then rollback_failed', async () => {
    const runId = await driver.start();
    await driver.step(runId);
    await append(runId, ['RollbackStarted', { rollbackId: 'rb1' }], compensation('x1'), [
      'RunRollbackFailed',
      { rollbackId: 'rb1' },
    ]);
    expect(await summary(runId)).toMatchObject({ status: 'rollback_failed', toolCalls: 1 });
  });
});
