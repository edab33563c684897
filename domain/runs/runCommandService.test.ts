/* eslint-disable mir/layer-arrows -- an application service tested on the real ledger adapters (the code under test imports none of them) */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryEventLog, openSqliteEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import type { EventLog } from '../ports/eventLog.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import { RunCommandService } from './runCommandService.js';

const origin: CommandOrigin = { actor: { kind: 'service', id: 'key-app' }, tenant: 'acme' };

function service(log: EventLog = createMemoryEventLog()) {
  return { log, runs: new RunCommandService(log, manualClock(), testIds) };
}

/** Four connections to one SQLite ledger file: four processes' worth of writers (each with its own run cache). */
async function withLedgerFile(work: (connections: EventLog[]) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mir-runs-'));
  const connections = Array.from({ length: 4 }, () => openSqliteEventLog(join(dir, 'ledger.db')));
  try {
    await work(connections);
  } finally {
    for (const log of connections) await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const startRun = (runId: string) =>
  ({ type: 'StartRun', runId, goal: 'g', agent: 'a', input: null, budget: {} }) as const;

describe('run command service', () => {
  it('when a run is started and driven, then its stream holds the events with tenant, actor and causation', async () => {
    const { log, runs } = service();
    const runId = runs.newRunId(origin);
    const started = await runs.execute(startRun(runId), origin);
    const step = await runs.execute(
      { type: 'RecordStep', runId, kind: 'k', summary: 's', payload: { x: 1 } },
      { ...origin, correlationId: 'corr-9' },
    );
    expect(started.state.status).toBe('pending');
    expect(step.state).toMatchObject({ status: 'running', steps: 1, revision: 1 });
    const stored = await log.readStream(`run-${runId}`);
    expect(stored.map((event) => event.type)).toEqual(['RunStarted', 'StepRecorded']);
    expect(stored[1]!.meta).toMatchObject({
      tenant: 'acme',
      actor: origin.actor,
      correlationId: 'corr-9',
      causationId: stored[1]!.id,
    });
  });

  it('given an idempotency key, when the same command is retried (even after later events), then nothing new is appended and the original events come back', async () => {
    const { log, runs } = service();
    const keyed = { ...origin, idempotencyKey: 'start-1' };
    const runId = runs.newRunId(keyed);
    expect(runs.newRunId(keyed)).toBe(runId);
    const first = await runs.execute(startRun(runId), keyed);
    await runs.execute({ type: 'RecordStep', runId, kind: 'k', summary: 's', payload: null }, origin);
    const retry = await runs.execute(startRun(runId), keyed);
    expect(retry.replayed).toBe(true);
    expect(retry.events.map((event) => event.id)).toEqual(first.events.map((event) => event.id));
    expect(await log.readStream(`run-${runId}`)).toHaveLength(2);
  });

  it('given an idempotency key used for a step, when it is sent again with another summary or payload, then IDEMPOTENCY_CONFLICT names them and nothing is appended', async () => {
    const { log, runs } = service();
    const runId = runs.newRunId(origin);
    await runs.execute(startRun(runId), origin);
    const keyed = { ...origin, idempotencyKey: 'step-1' };
    const step = { type: 'RecordStep', runId, kind: 'k', summary: 's', payload: { x: 1 } } as const;
    await runs.execute(step, keyed);
    await expect(runs.execute({ ...step, summary: 't', payload: { x: 2 } }, keyed)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      details: { runId, command: 'RecordStep', fields: ['summary', 'payload'] },
    });
    expect(await runs.execute({ ...step, payload: { x: 1 } }, keyed)).toMatchObject({ replayed: true });
    expect(await log.readStream(`run-${runId}`)).toHaveLength(2);
  });

  it('when many commands race on one run in one process, then they queue and every one lands once, in order', async () => {
    const { log, runs } = service();
    const runId = runs.newRunId(origin);
    await runs.execute(startRun(runId), origin);
    const writers = Array.from({ length: 25 }, () => new RunCommandService(log, manualClock(), testIds, 1));
    await Promise.all(
      writers.map((writer, i) =>
        writer.execute({ type: 'RecordStep', runId, kind: 'k', summary: `s${i}`, payload: null }, origin),
      ),
    );
    const stored = await log.readStream(`run-${runId}`);
    expect(stored.map((event) => (event.data as { stepNumber?: number }).stepNumber ?? 0)).toEqual(
      Array.from({ length: 26 }, (_, i) => i),
    );
  });

  it('when processes race on one run, then each retries from fresh state and every command lands once', async () => {
    await withLedgerFile(async (connections) => {
      const [first] = connections;
      const runs = new RunCommandService(first!, manualClock(), testIds);
      const runId = runs.newRunId(origin);
      await runs.execute(startRun(runId), origin);
      await Promise.all(
        connections.map((log, i) =>
          new RunCommandService(log, manualClock(), testIds).execute(
            { type: 'RecordStep', runId, kind: 'k', summary: `s${i}`, payload: null },
            origin,
          ),
        ),
      );
      const stored = await first!.readStream(`run-${runId}`);
      expect(stored.map((event) => (event.data as { stepNumber?: number }).stepNumber ?? 0)).toEqual([
        0, 1, 2, 3, 4,
      ]);
    });
  });

  it('when contention between processes outlasts the retry bound, then CONCURRENCY_EXHAUSTED with both revisions and the stream stays gapless', async () => {
    await withLedgerFile(async (connections) => {
      const runs = new RunCommandService(connections[0]!, manualClock(), testIds);
      const runId = runs.newRunId(origin);
      await runs.execute(startRun(runId), origin);
      const results = await Promise.allSettled(
        connections.flatMap((log) =>
          Array.from({ length: 3 }, () =>
            new RunCommandService(log, manualClock(), testIds, 1).execute(
              { type: 'RecordStep', runId, kind: 'k', summary: 's', payload: null },
              origin,
            ),
          ),
        ),
      );
      const exhausted = results.filter((result) => result.status === 'rejected');
      expect(exhausted.length).toBeGreaterThan(0);
      for (const result of exhausted) {
        expect(result.reason).toMatchObject({
          code: 'CONCURRENCY_EXHAUSTED',
          details: { stream: `run-${runId}`, attempts: 1 },
        });
        const { expectedRevision, actualRevision } = (result.reason as { details: Record<string, number> })
          .details;
        expect(actualRevision).toBeGreaterThan(expectedRevision!);
      }
      const steps = (await connections[0]!.readStream(`run-${runId}`))
        .slice(1)
        .map((event) => (event.data as { stepNumber: number }).stepNumber);
      expect(steps).toEqual(Array.from({ length: results.length - exhausted.length }, (_, i) => i + 1));
    });
  });

  it('when the decider refuses, then nothing is appended and the typed error surfaces', async () => {
    const { log, runs } = service();
    await expect(
      runs.execute(
        { type: 'CompleteRun', runId: '01a20000-0000-7000-8000-00000000abcd', output: null },
        origin,
      ),
    ).rejects.toMatchObject({ code: 'RUN_NOT_FOUND' });
    expect(await log.headPosition()).toBeNull();
  });

  it('given a run at its step budget, when another step comes, then RUN_BUDGET_EXCEEDED names the RunFailed that ended the run; a keyed retry gets the same refusal', async () => {
    const { log, runs } = service();
    const runId = runs.newRunId(origin);
    await runs.execute({ ...startRun(runId), budget: { maxSteps: 1 } }, origin);
    const step = { type: 'RecordStep', runId, kind: 'k', summary: 's', payload: null } as const;
    await runs.execute(step, origin);
    const keyed = { ...origin, idempotencyKey: 'step-2' };
    const refused = await runs.execute(step, keyed).catch((error: unknown) => error);
    const stored = await log.readStream(`run-${runId}`);
    expect(stored.map((event) => event.type)).toEqual(['RunStarted', 'StepRecorded', 'RunFailed']);
    expect(stored[2]!.data).toMatchObject({
      budgetExceeded: { budget: 'steps', limit: 1, actual: 2, command: 'RecordStep' },
    });
    expect(stored[2]!.meta.actor).toEqual(origin.actor);
    expect(refused).toMatchObject({
      code: 'RUN_BUDGET_EXCEEDED',
      details: { runId, budget: 'steps', limit: 1, actual: 2, runEndedEventId: stored[2]!.id },
    });
    await expect(runs.execute(step, keyed)).rejects.toMatchObject({
      code: 'RUN_BUDGET_EXCEEDED',
      details: { runEndedEventId: stored[2]!.id },
    });
    await expect(runs.execute(step, origin)).rejects.toMatchObject({ code: 'RUN_NOT_ACTIVE' });
    expect(await log.readStream(`run-${runId}`)).toHaveLength(3);
  });

  it('given a run past its wall time, when several processes enforce it at once, then it ends exactly once', async () => {
    const log = createMemoryEventLog();
    const clock = manualClock();
    const runs = new RunCommandService(log, clock, testIds);
    const runId = runs.newRunId(origin);
    await runs.execute({ ...startRun(runId), budget: { maxWallTimeMs: 50 } }, origin);
    const enforce = { type: 'EnforceWallTime', runId } as const;
    expect((await runs.execute(enforce, origin)).events).toEqual([]);
    clock.advance(51);
    const watchers = Array.from({ length: 3 }, () => new RunCommandService(log, clock, testIds));
    const results = await Promise.allSettled(watchers.map((watcher) => watcher.execute(enforce, origin)));
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results)
      if (result.status === 'rejected') expect(result.reason).toMatchObject({ code: 'RUN_NOT_ACTIVE' });
    const stored = await log.readStream(`run-${runId}`);
    expect(stored.map((event) => event.type)).toEqual(['RunStarted', 'RunFailed']);
    expect(stored[1]!.data).toMatchObject({
      budgetExceeded: { budget: 'wallTime', limit: 50, actual: 51, command: null },
    });
  });
});
