import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../../domain/index.js';
import { createMemoryEventLog } from '../../ledger/index.js';
import { openTestReadModels } from '../testing/readModelFixture.js';
import { runDriver } from '../testing/runDriver.js';
import type { RunDriver } from '../testing/runDriver.js';

describe('run timeline projection', () => {
  let log: EventLog;
  let driver: RunDriver;
  let models: ReturnType<typeof openTestReadModels>;
  beforeEach(() => {
    log = createMemoryEventLog();
    driver = runDriver(log);
    models = openTestReadModels(log);
  });
  afterEach(() => models.dispose());

  it('given interleaved steps of two runs, then each run gets its own steps, in order, with their payloads', async () => {
    const a = await driver.start();
    const b = await driver.start();
    const a1 = await driver.step(a, 'inference', { tokens: 12 });
    const b1 = await driver.step(b, 'tool_call', { tool: 'search', args: { q: 'x' } });
    const a2 = await driver.step(a, 'tool_call', [1, 'two', null]);
    await driver.complete(a);
    await models.runner.catchUp();

    const [stepsOfA, stepsOfB] = await models.queries.steps('acme', [a, b]);
    expect(stepsOfA).toEqual([
      {
        runId: a,
        stepNumber: 1,
        kind: 'inference',
        summary: `inference for ${a.slice(-4)}`,
        payload: { tokens: 12 },
        recordedAt: a1.meta.occurredAt,
        position: a1.position,
        eventId: a1.id,
      },
      expect.objectContaining({
        stepNumber: 2,
        payload: [1, 'two', null],
        position: a2.position,
        eventId: a2.id,
      }),
    ]);
    expect(stepsOfB).toEqual([expect.objectContaining({ runId: b, stepNumber: 1, eventId: b1.id })]);
  });

  it('given a run without steps, then its timeline is empty', async () => {
    const runId = await driver.start();
    await driver.cancel(runId);
    await models.runner.catchUp();
    expect(await models.queries.steps('acme', [runId])).toEqual([[]]);
  });
});
