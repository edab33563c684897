import { RunCommandService } from '../../domain/index.js';
import type { Actor, EventLog, JsonValue, RecordedEvent, RunBudget } from '../../domain/index.js';
import { seededRandom } from '../../ledger/merkle/testing/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';

export interface StartOptions {
  readonly tenant?: string;
  readonly agent?: string;
  readonly actor?: Actor;
  readonly budget?: RunBudget;
}

/**
 * Drives runs through the real command service (decide, expected revisions, envelopes), with a manual clock that
 * moves 1 s per command, so tests get exactly the events production would write.
 */
export interface RunDriver {
  readonly clock: ReturnType<typeof manualClock>;
  readonly service: RunCommandService;
  /** Starts a run; returns its id. Default tenant `acme`, agent `planner`, actor `service:app-1`. */
  start(options?: StartOptions): Promise<string>;
  step(runId: string, kind?: string, payload?: JsonValue): Promise<RecordedEvent>;
  complete(runId: string, output?: JsonValue): Promise<RecordedEvent>;
  fail(runId: string, reason?: string): Promise<RecordedEvent>;
  cancel(runId: string, reason?: string, by?: Actor): Promise<RecordedEvent>;
  /**
   * Records an inference on the run as the inference service does (InferenceRequested, then its outcome), without
   * running a model: projections only read the events.
   */
  infer(runId: string, outcome?: 'InferenceCompleted' | 'InferenceFailed'): Promise<RecordedEvent>;
}

const APP: Actor = { kind: 'service', id: 'app-1' };

export function runDriver(log: EventLog): RunDriver {
  const clock = manualClock();
  const service = new RunCommandService(log, clock, testIds);
  const tenants = new Map<string, string>();
  const origin = (runId: string, actor: Actor = APP) => ({ actor, tenant: tenants.get(runId) ?? 'acme' });
  const run = async (command: Parameters<RunCommandService['execute']>[0], actor?: Actor) => {
    clock.advance(1000);
    const result = await service.execute(command, origin(command.runId, actor));
    return result.events[result.events.length - 1]!;
  };
  return {
    clock,
    service,
    start: async (options = {}) => {
      const tenant = options.tenant ?? 'acme';
      const runId = service.newRunId({ actor: APP, tenant });
      tenants.set(runId, tenant);
      const goal = `goal of ${runId.slice(-4)}`;
      const input = { question: 'what is open?', n: tenants.size };
      const [agent, budget] = [options.agent ?? 'planner', options.budget ?? { maxSteps: 50 }];
      await run({ type: 'StartRun', runId, goal, agent, input, budget }, options.actor);
      return runId;
    },
    step: (runId, kind = 'tool_call', payload = { tool: 'search', ok: true }) =>
      run({ type: 'RecordStep', runId, kind, summary: `${kind} for ${runId.slice(-4)}`, payload }),
    complete: (runId, output = { answer: 42 }) => run({ type: 'CompleteRun', runId, output }),
    fail: (runId, reason = 'model timed out') => run({ type: 'FailRun', runId, reason }),
    cancel: (runId, reason = 'user closed the session', by) => run({ type: 'CancelRun', runId, reason }, by),
    infer: async (runId, outcome = 'InferenceCompleted') => {
      clock.advance(1000);
      const stream = `run-${runId}`;
      const [last] = await log.readStream(stream, { direction: 'backwards', maxCount: 1 });
      const inferenceId = testIds.newId();
      const model = { name: 'risk-classifier', version: '1', sha256: 'c'.repeat(64) };
      const meta = {
        ...origin(runId),
        correlationId: inferenceId,
        causationId: inferenceId,
        occurredAt: new Date(clock.now()).toISOString(),
      };
      const requested = { inferenceId, model, source: 'text', inputs: [], inputDigest: 'sha256:00' };
      const ended: JsonValue =
        outcome === 'InferenceFailed'
          ? { inferenceId, model, reason: 'ENGINE_FAILED', message: 'failed' }
          : { inferenceId, model, executionProvider: 'cpu', outputs: [], latencyMs: 0.1 };
      await log.append(
        stream,
        [
          { id: testIds.newId(), type: 'InferenceRequested', schemaVersion: 1, data: requested, meta },
          { id: testIds.newId(), type: outcome, schemaVersion: 1, data: ended, meta },
        ],
        last!.revision,
      );
      const [appended] = await log.readStream(stream, { direction: 'backwards', maxCount: 1 });
      return appended!;
    },
  };
}

/**
 * A deterministic mixed history: `runs` runs over three tenants and three agents, interleaved (several in
 * flight at once), with 0 to 5 steps each, ending completed, failed, cancelled or still open.
 */
export async function seedRuns(driver: RunDriver, runs: number, seed = 7): Promise<string[]> {
  const random = seededRandom(seed);
  const ids: string[] = [];
  const open: { runId: string; steps: number }[] = [];
  for (let i = 0; i < runs || open.length > 0; i++) {
    if (i < runs) {
      const tenant = ['acme', 'globex', 'initech'][random.int(3)]!;
      const runId = await driver.start({ tenant, agent: `agent-${random.int(3)}` });
      ids.push(runId);
      open.push({ runId, steps: random.int(6) });
    }
    const pick = open[random.int(open.length)]!;
    if (pick.steps > 0) {
      pick.steps--;
      await driver.step(pick.runId, ['inference', 'tool_call'][random.int(2)]);
      continue;
    }
    open.splice(open.indexOf(pick), 1);
    const ending = random.int(5);
    if (ending === 0) await driver.fail(pick.runId);
    else if (ending === 1) await driver.cancel(pick.runId);
    else if (ending < 4) await driver.complete(pick.runId, { answer: ending });
  }
  return ids;
}
