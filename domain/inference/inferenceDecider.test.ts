import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../runs/runCommands.js';
import { evolveRun, initialRunState } from '../runs/runDecider.js';
import type { RunState } from '../runs/runDecider.js';
import type { RunBudget, RunEvent } from '../runs/runEvents.js';
import { decideInferenceRequest } from './inferenceDecider.js';
import type { InferenceRequestedData } from './inferenceEvents.js';

const T0 = Date.UTC(2026, 10, 23, 12);
const context: CommandContext = { principal: 'key-app', tenant: 'acme', now: T0 + 5_000 };

const request: InferenceRequestedData = {
  inferenceId: 'i1',
  model: { name: 'risk-classifier', version: '1', sha256: 'a'.repeat(64) },
  source: 'text',
  inputs: [{ name: 'features', type: 'float32', dims: [1, 4] }],
  inputDigest: 'sha256:00',
};

function started(budget: RunBudget): RunEvent {
  return { type: 'RunStarted', data: { runId: 'r1', goal: 'triage', agent: 'bot', input: null, budget } };
}
const requested: RunEvent = { type: 'InferenceRequested', data: request };

/** Given these events of run r1 (tenant acme, one second apart). */
function given(...events: RunEvent[]): RunState {
  return events.reduce(
    (state, event, revision) =>
      evolveRun(state, { ...event, revision, tenant: 'acme', occurredAt: T0 + revision * 1000 }),
    initialRunState,
  );
}

function refusal(state: RunState, at: Partial<CommandContext> = {}) {
  try {
    decideInferenceRequest('r1', state, { ...context, ...at }, request);
  } catch (error) {
    return error as { code: string; details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

describe('inference decider', () => {
  it('given an active run, when an inference is requested, then InferenceRequested and the call is counted', () => {
    const state = given(started({}));
    const events = decideInferenceRequest('r1', state, context, request);
    expect(events).toEqual([{ type: 'InferenceRequested', data: request }]);
    const after = evolveRun(state, { ...events[0]!, revision: 1, tenant: 'acme', occurredAt: T0 });
    expect(after).toMatchObject({ status: 'running', inferenceCalls: 1, revision: 1 });
  });

  it('given a run that used its inference calls, when another is requested, then the run ends by budget instead', () => {
    const state = given(started({ maxInferenceCalls: 2 }), requested, requested);
    const events = decideInferenceRequest('r1', state, context, request);
    expect(events).toEqual([
      {
        type: 'RunFailed',
        data: {
          reason: 'run r1 has used its 2 inference calls',
          budgetExceeded: { budget: 'inferenceCalls', limit: 2, actual: 3, command: 'RequestInference' },
        },
      },
    ]);
    expect(evolveRun(state, { ...events[0]!, revision: 3, tenant: 'acme', occurredAt: T0 })).toMatchObject({
      status: 'failed',
      inferenceCalls: 2,
    });
  });

  it('given completions and failures, then only requests count against the budget', () => {
    const outcome: RunEvent = {
      type: 'InferenceFailed',
      data: { inferenceId: 'i1', model: request.model, reason: 'ENGINE_FAILED', message: 'x' },
    };
    const state = given(started({ maxInferenceCalls: 2 }), requested, outcome);
    expect(state.inferenceCalls).toBe(1);
    expect(decideInferenceRequest('r1', state, context, request)).toHaveLength(1);
  });

  it.each([
    ['cancelled', { type: 'RunCancelled', data: { reason: 'stop', cancelledBy: 'admin' } }],
    ['completed', { type: 'RunCompleted', data: { output: null } }],
    ['failed', { type: 'RunFailed', data: { reason: 'x' } }],
  ] as const)('given a %s run, when an inference is requested, then RUN_NOT_ACTIVE', (status, ended) => {
    expect(refusal(given(started({}), ended as RunEvent))).toMatchObject({
      code: 'RUN_NOT_ACTIVE',
      details: { status, command: 'RequestInference' },
    });
  });

  it("given no run, or another tenant's, then RUN_NOT_FOUND", () => {
    expect(refusal(initialRunState).code).toBe('RUN_NOT_FOUND');
    expect(refusal(given(started({})), { tenant: 'globex' }).code).toBe('RUN_NOT_FOUND');
  });

  it('given a run past its wall-time budget, when an inference is requested, then the run ends (wallTime)', () => {
    const state = given(started({ maxWallTimeMs: 1_000 }));
    expect(decideInferenceRequest('r1', state, { ...context, now: T0 + 1_001 }, request)).toMatchObject([
      {
        type: 'RunFailed',
        data: {
          budgetExceeded: { budget: 'wallTime', limit: 1_000, actual: 1_001, command: 'RequestInference' },
        },
      },
    ]);
  });
});
