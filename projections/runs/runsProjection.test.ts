import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventLog, JsonValue, RecordedEvent } from '../../domain/index.js';
import { createMemoryEventLog } from '../../ledger/index.js';
import { testEvent } from '../../ledger/testing/testEvents.js';
import { testIds } from '../../ledger/testing/testLedger.js';
import { runAsOf } from '../runAsOf.js';
import { dumpReadModels, openTestReadModels } from '../testing/readModelFixture.js';
import { runDriver, seedRuns } from '../testing/runDriver.js';
import type { RunDriver } from '../testing/runDriver.js';
import { evolveRuns } from './runsProjection.js';

describe('runs projection', () => {
  let log: EventLog;
  let driver: RunDriver;
  let models: ReturnType<typeof openTestReadModels>;
  beforeEach(() => {
    log = createMemoryEventLog();
    driver = runDriver(log);
    models = openTestReadModels(log);
  });
  afterEach(() => models.dispose());

  const summary = async (runId: string, tenant = 'acme') => {
    await models.runner.catchUp();
    return (await models.queries.runs(tenant, [runId]))[0];
  };

  describe('evolve (pure)', () => {
    it('given an event of another stream, then no change', () => {
      expect(evolveRuns(recorded({ stream: 'tool-search' }))).toEqual([]);
    });

    it('given a RunStarted, then a started change with the run id of the stream and the envelope facts', () => {
      const event = recorded({
        stream: 'run-r1',
        type: 'RunStarted',
        data: { runId: 'r1', goal: 'g', agent: 'a', input: { q: 1 }, budget: { maxSteps: 3 } },
      });
      expect(evolveRuns(event)).toEqual([
        {
          kind: 'started',
          at: { runId: 'r1', position: 7, revision: 0, occurredAt: event.meta.occurredAt },
          tenant: 'acme',
          startedBy: 'contract-suite',
          goal: 'g',
          agent: 'a',
          input: { q: 1 },
          budget: { maxSteps: 3 },
          stepCount: 0,
          forkedFrom: null,
        },
      ]);
    });

    it('given an event type this version does not know on a run stream, then only its position moves', () => {
      expect(evolveRuns(recorded({ stream: 'run-r1', type: 'RunAnnotated' }))).toEqual([
        { kind: 'touched', at: { runId: 'r1', position: 7, revision: 0, occurredAt: TEST_AT } },
      ]);
    });
  });

  it('given a started run, then it is pending with its goal, agent, input, budget, starter and position', async () => {
    const runId = await driver.start({ agent: 'triage', budget: { maxSteps: 4, maxWallTimeMs: 60_000 } });
    const [started] = await log.readStream(`run-${runId}`);
    expect(await summary(runId)).toEqual({
      runId,
      tenant: 'acme',
      status: 'pending',
      goal: `goal of ${runId.slice(-4)}`,
      agent: 'triage',
      input: { question: 'what is open?', n: 1 },
      budget: { maxSteps: 4, maxWallTimeMs: 60_000 },
      stepCount: 0,
      inferenceCalls: 0,
      toolCalls: 0,
      pendingApprovals: 0,
      output: null,
      failureReason: null,
      cancelReason: null,
      cancelledBy: null,
      startedAt: started!.meta.occurredAt,
      updatedAt: started!.meta.occurredAt,
      endedAt: null,
      startedBy: 'app-1',
      wallTimeMs: 0,
      lastPosition: started!.position,
      revision: 0,
    });
  });

  it('given a fork of a run at step 1, then its row starts at step 1 and forks name it both ways', async () => {
    const source = await driver.start();
    const step1 = await driver.step(source);
    const forkId = testIds.newId();
    const forkedFrom = {
      runId: source,
      position: step1.position,
      step: 1,
      stateDigest: 'sha256:00',
      reason: 'try another tool',
      forkedBy: 'app-1',
      memoryApplied: [],
    };
    const data = { runId: forkId, goal: 'g', agent: 'a', input: null, budget: { maxSteps: 2 }, forkedFrom };
    const { events } = await log.append(
      `run-${forkId}`,
      [testEvent({ type: 'RunStarted', data })],
      'no_stream',
    );
    expect(await summary(forkId)).toMatchObject({ status: 'pending', stepCount: 1, revision: 0 });
    const fork = {
      runId: forkId,
      sourceRunId: source,
      sourcePosition: step1.position,
      step: 1,
      stateDigest: 'sha256:00',
      reason: 'try another tool',
      forkedBy: 'app-1',
      position: events[0]!.position,
    };
    expect(await models.queries.forkOrigins('acme', [forkId, source])).toEqual([fork, null]);
    expect(await models.queries.forksOf('acme', [source, forkId])).toEqual([[fork], []]);
    expect(await models.queries.forkOrigins('globex', [forkId])).toEqual([null]);
    expect(await models.queries.forksOf('globex', [source])).toEqual([[]]);
  });

  it('given steps then completion, then it counts steps and holds the output and end time', async () => {
    const runId = await driver.start();
    await driver.step(runId);
    await driver.step(runId);
    const completed = await driver.complete(runId, { answer: 'done' });
    expect(await summary(runId)).toMatchObject({
      status: 'completed',
      stepCount: 2,
      output: { answer: 'done' },
      endedAt: completed.meta.occurredAt,
      updatedAt: completed.meta.occurredAt,
      wallTimeMs: 3000,
      lastPosition: completed.position,
      revision: 3,
    });
  });

  it('given a failure or a cancellation, then the reason (and who cancelled) is kept', async () => {
    const failed = await driver.start();
    await driver.step(failed);
    await driver.fail(failed, 'tool crashed');
    const cancelled = await driver.start();
    await driver.cancel(cancelled, 'not needed', { kind: 'user', id: 'alice' });
    expect(await summary(failed)).toMatchObject({
      status: 'failed',
      failureReason: 'tool crashed',
      stepCount: 1,
    });
    expect(await summary(cancelled)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'not needed',
      cancelledBy: 'alice',
      failureReason: null,
    });
  });

  it('given inference requests, then the run is running, counts them, and agrees with the domain fold', async () => {
    const runId = await driver.start({ budget: { maxInferenceCalls: 5 } });
    await driver.infer(runId);
    await driver.infer(runId, 'InferenceFailed');
    const last = await driver.step(runId);
    const row = await summary(runId);
    expect(row).toMatchObject({
      status: 'running',
      inferenceCalls: 2,
      stepCount: 1,
      lastPosition: last.position,
    });
    expect(row).toEqual((await runAsOf(log, 'acme', runId, last.position))?.summary);
  });

  it('given tool calls and approvals, then it counts calls, tracks pending approvals and status as the domain fold does', async () => {
    const runId = await driver.start({ budget: { maxToolCalls: 9 } });
    const stream = `run-${runId}`;
    const append = async (type: string, data: JsonValue = {}) => {
      driver.clock.advance(1000);
      const [last] = await log.readStream(stream, { direction: 'backwards', maxCount: 1 });
      const id = testIds.newId();
      const meta = {
        tenant: 'acme',
        actor: { kind: 'service' as const, id: 'app-1' },
        correlationId: id,
        causationId: id,
        occurredAt: new Date(driver.clock.now()).toISOString(),
      };
      await log.append(stream, [{ id, type, schemaVersion: 1, data, meta }], last!.revision);
    };
    const approval = { approvalId: 'a1', callId: 'c1', tool: { name: 'kv.put', version: '2' } };
    const requestApproval = () =>
      append('ApprovalRequested', {
        ...approval,
        expiresAt: new Date(driver.clock.now() + 60_000).toISOString(),
      });
    const checks: unknown[] = [];
    const check = async () => {
      const row = await summary(runId);
      checks.push(row?.status);
      expect(row).toEqual((await runAsOf(log, 'acme', runId, row!.lastPosition))?.summary);
    };
    await append('ToolCallRequested');
    await append('PolicyDecided');
    await requestApproval();
    await check();
    await append('ToolCallRequested');
    await requestApproval();
    await driver.step(runId);
    await append('ApprovalGranted');
    await check();
    await append('ApprovalDenied');
    await check();
    await requestApproval();
    await append('ApprovalExpired');
    await append('ToolCallDenied');
    await check();
    expect(checks).toEqual(['awaiting_approval', 'awaiting_approval', 'running', 'running']);
    expect(await summary(runId)).toMatchObject({ toolCalls: 2, pendingApprovals: 0 });
  });

  it('given any history, then every row equals the domain fold of its stream (runAsOf at the head)', async () => {
    const ids = await seedRuns(driver, 30);
    const head = (await models.runner.catchUp())!;
    const tenants = ['acme', 'globex', 'initech'];
    for (const runId of ids) {
      const row = (await Promise.all(tenants.map((t) => models.queries.runs(t, [runId]))))
        .flat()
        .find(Boolean);
      const folded = await runAsOf(log, row!.tenant, runId, head);
      expect(row).toEqual(folded?.summary);
    }
  });

  it('given the same history, then one event per batch and one batch for all give the same tables', async () => {
    await seedRuns(driver, 25);
    const single = openTestReadModels(log, { batchSize: 1 });
    try {
      await single.runner.catchUp();
      await models.runner.catchUp();
      expect(dumpReadModels(single.database)).toEqual(dumpReadModels(models.database));
    } finally {
      await single.dispose();
    }
  });
});

const TEST_AT = '2026-11-23T12:00:00.000Z';

function recorded(overrides: Partial<RecordedEvent>): RecordedEvent {
  const { stream = 'run-r1', position = 7, ...rest } = overrides;
  const base = testEvent(rest);
  return { ...base, stream, revision: 0, position, prevHash: '0'.repeat(64), hash: '1'.repeat(64) };
}
