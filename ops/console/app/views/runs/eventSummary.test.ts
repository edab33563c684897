import { describe, expect, it } from 'vitest';
import { formatTime } from '../../ui/format.js';
import { createEventSummarizer } from './eventSummary.js';
import type { RunEventItem } from './eventSummary.js';

const DIGEST = `sha256:${'ab'.repeat(32)}`;
const MODEL_HASH = 'cd'.repeat(32);

const APP_KEY = { kind: 'service', id: 'key-app', apiKey: { label: 'billing app' } };
const REVIEWER_KEY = { kind: 'service', id: 'key-reviewer', apiKey: { label: 'alice (reviewer)' } };

let position = 0;
function event(type: string, data: unknown, actor: RunEventItem['actor'] = APP_KEY): RunEventItem {
  position += 1;
  return { id: `e${position}`, position, type, occurredAt: '2026-12-03T10:00:00.000Z', actor, data };
}

/** Summaries of `events`, fed in order to one summarizer (as a timeline does). */
function summaries(...events: RunEventItem[]): string[] {
  const summarize = createEventSummarizer();
  return events.map((item) => summarize(item).summary);
}

describe('event summaries', () => {
  it('given a run start, a step and its end, then each reads as one line', () => {
    expect(
      summaries(
        event('RunStarted', { goal: 'Pay invoice 7', agent: 'billing', budget: {}, input: null }),
        event('StepRecorded', { stepNumber: 1, kind: 'plan', summary: 'decide what to pay', payload: null }),
        event('RunCompleted', { output: null }),
      ),
    ).toEqual([
      'Run started by agent billing: “Pay invoice 7”',
      'Step 1 · plan: decide what to pay',
      'Run completed',
    ]);
  });

  it('given a fork start, then it names the source run and step', () => {
    const [line] = summaries(
      event('RunStarted', { goal: 'g', agent: 'a', forkedFrom: { runId: 'r-source', step: 4 } }),
    );
    expect(line).toBe('Run started by agent a: “g” · fork of run r-source at step 4');
  });

  it('given an inference, then it shows model, version, model hash, execution provider and latency', () => {
    const model = { name: 'risk', version: '2', sha256: MODEL_HASH };
    const [line] = summaries(
      event('InferenceCompleted', {
        inferenceId: 'i1',
        model,
        executionProvider: 'cuda',
        latencyMs: 3.5,
        outputDigest: DIGEST,
      }),
    );
    expect(line).toBe(
      'Inference risk@2 · model sha256:cdcdcdcdcdcd… · cuda · 3.5 ms · output sha256:abababababab…',
    );
  });

  it('given a tool call, then its later events name its tool, the policy decision and the keys by their labels', () => {
    const tool = {
      name: 'payments.transfer',
      version: '1.0.0',
      sideEffect: 'irreversible',
      execution: 'runtime',
    };
    expect(
      summaries(
        event('ToolCallRequested', {
          callId: 'c1',
          tool,
          argsDigest: DIGEST,
          args: {},
          requestedBy: 'key-app',
        }),
        event('PolicyDecided', {
          callId: 'c1',
          outcome: 'require_approval',
          determiningPolicies: ['large-payments'],
          reasons: [],
          policySetVersion: 3,
          approved: false,
          riskScore: 0.125,
        }),
        event('ApprovalRequested', {
          tool,
          requestedBy: 'key-app',
          determiningPolicies: ['large-payments'],
          expiresAt: '2026-12-03T11:00:00.000Z',
        }),
        event('ApprovalGranted', { decidedBy: 'key-reviewer', reason: 'invoice checked' }, REVIEWER_KEY),
        event('ApprovalGrantUsed', { usedBy: 'key-app' }),
        event('ToolCallCompleted', { callId: 'c1', outputDigest: DIGEST }),
      ),
    ).toEqual([
      'Tool call payments.transfer@1.0.0 requested · args sha256:abababababab…',
      'Policy require_approval for payments.transfer@1.0.0 · determined by large-payments · policy set v3 · risk 0.13',
      `Approval requested for payments.transfer@1.0.0 by billing app · policies large-payments · expires ${formatTime('2026-12-03T11:00:00.000Z')}`,
      'Approval granted by alice (reviewer): “invoice checked”',
      'Approval grant used by billing app',
      'Tool call payments.transfer@1.0.0 completed · output sha256:abababababab…',
    ]);
  });

  it('given an outcome of a call never seen (the history started later), then it still gets a line', () => {
    expect(
      summaries(event('ToolCallFailed', { callId: 'c9', reason: 'TIMEOUT', message: 'took too long' })),
    ).toEqual(['Tool call tool call failed: TIMEOUT — took too long']);
  });

  it('given memory applied, a rollback and a replay, then each says what happened', () => {
    expect(
      summaries(
        event('MemoryApplied', {
          memoryId: 'm1',
          memoryRevision: 1,
          type: 'fact',
          scope: 'tenant',
          appliedBy: 'key-unseen',
        }),
        event('RollbackStarted', {
          point: { step: 2 },
          reason: 'wrong payee',
          requestedBy: 'admin',
          plan: { compensations: [{}], leftBehind: [] },
        }),
        event('RunRolledBack', { compensated: [{}], leftBehind: [] }),
        event('RunReplayed', {
          verdict: 'match',
          counts: {
            state: { checked: 5, mismatches: 0 },
            inference: { checked: 1, mismatches: 0 },
            policy: { checked: 2, mismatches: 0 },
          },
        }),
      ),
    ).toEqual([
      'Memory applied · fact (tenant) m1 r1 by key-unseen',
      'Rollback to step 2 by admin: “wrong payee” · 1 to compensate, 0 left behind',
      'Run rolled back · 1 compensated, 0 left behind',
      'Replay: match · state 0/5 mismatched · inference 0/1 mismatched · policy 0/2 mismatched',
    ]);
  });

  it('given a budget failure and a cancellation, then the limit and who cancelled are named', () => {
    expect(
      summaries(
        event('RunFailed', {
          reason: 'budget exceeded',
          budgetExceeded: { budget: 'steps', limit: 3, actual: 4, command: 'recordStep' },
        }),
        event('RunCancelled', { reason: 'no longer needed', cancelledBy: 'admin' }),
      ),
    ).toEqual([
      'Run failed: budget exceeded · budget steps 4 over limit 3',
      'Run cancelled by admin: “no longer needed”',
    ]);
  });

  it('given an unknown type or data of the wrong shape, then the line falls back instead of throwing', () => {
    expect(summaries(event('SomethingNew', { a: 1 }), event('StepRecorded', 'not an object'))).toEqual([
      'SomethingNew',
      'Step ? · ?: ',
    ]);
  });

  it('given an event, then the entry keeps its id, position, type, time and actor, but not its data', () => {
    const item = event(
      'RunCompleted',
      { output: { big: 'x'.repeat(1000) } },
      { kind: 'system', id: 'mir', apiKey: null },
    );
    expect(createEventSummarizer()(item)).toEqual({
      id: item.id,
      position: item.position,
      type: 'RunCompleted',
      occurredAt: item.occurredAt,
      actor: 'system mir',
      summary: 'Run completed',
    });
  });
});
