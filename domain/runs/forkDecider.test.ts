import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import { hasErrorCode } from '../errors/mirError.js';
// The digest is the ledger's own (SHA-256 of RFC 8785 JSON): a test digester would pin nothing real.
// eslint-disable-next-line mir/layer-arrows -- the Digester port's real adapter, as above
import { sha256Digester } from '../../ops/toolCalls/sha256Digester.js';
import { decideFork, forkPoint } from './forkDecider.js';
import type { ForkRun } from './forkDecider.js';
import { foldRun } from './runFold.js';
import { decideRun, initialRunState } from './runDecider.js';
import { runStateDigest } from './runStateDigest.js';

const T0 = Date.UTC(2026, 10, 23, 12);
const context = { principal: 'key-fork', tenant: 'acme', now: T0 + 60_000 };

/** A run stream as recorded: events of `stream` in order, positions with gaps (other streams interleave). */
function history(
  stream: string,
  events: readonly { readonly type: string; readonly data: unknown }[],
  tenant = 'acme',
) {
  return events.map(({ type, data }, revision): RecordedEvent => ({
    id: `${stream}-${revision}`,
    stream,
    revision,
    position: 10 + revision * 3,
    type,
    schemaVersion: 1,
    data: data as JsonValue,
    meta: {
      tenant,
      actor: { kind: 'service', id: 'key-app' },
      correlationId: 'c',
      causationId: 'c',
      occurredAt: new Date(T0 + revision * 1000).toISOString(),
    },
    prevHash: '',
    hash: '',
  }));
}

const budget = { maxSteps: 5, maxToolCalls: 3 };
const started = { runId: 'src', goal: 'book a trip', agent: 'planner', input: { city: 'Oslo' }, budget };
const step = (stepNumber: number) => ({
  type: 'StepRecorded',
  data: { stepNumber, kind: 'tool_call', summary: `step ${stepNumber}`, payload: null },
});
const call = (callId: string) => ({
  type: 'ToolCallRequested',
  data: {
    callId,
    tool: { name: 'kv.put', version: '1' },
    argsDigest: 'sha256:aa',
    args: {},
    requestedBy: 'k',
  },
});
const memory = {
  type: 'MemoryApplied',
  data: {
    memoryId: 'm1',
    memoryStream: 'memory-acme-m1',
    memoryRevision: 1,
    contentDigest: 'sha256:bb',
    type: 'fact',
    scope: 'tenant',
    appliedBy: 'k',
  },
};
/** RunStarted, memory, call, step 1, call, step 2, call (positions 10, 13, 16, 19, 22, 25, 28). */
const source = history('run-src', [
  { type: 'RunStarted', data: started },
  memory,
  call('c1'),
  step(1),
  call('c2'),
  step(2),
  call('c3'),
]);
const fork = (atStep: number, more: Partial<ForkRun> = {}): ForkRun => ({
  type: 'ForkRun',
  runId: 'fork',
  sourceRunId: 'src',
  atStep,
  reason: 'try another hotel',
  ...more,
});

function refusal(run: () => unknown): { code: string; details: Record<string, unknown> } {
  try {
    run();
  } catch (error) {
    if (hasErrorCode(error, String((error as { code: unknown }).code))) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('fork decider', () => {
  it('given a run with steps and tool calls, when forked at step 1, then RunStarted names the source point and state digest', () => {
    const [event] = decideFork(fork(1), source, initialRunState, context, sha256Digester);
    const atStep1 = foldRun(source.filter((recorded) => recorded.position <= 19));
    expect(event).toEqual({
      type: 'RunStarted',
      data: {
        ...started,
        runId: 'fork',
        forkedFrom: {
          runId: 'src',
          position: 19,
          step: 1,
          stateDigest: runStateDigest(atStep1, sha256Digester),
          reason: 'try another hotel',
          forkedBy: 'key-fork',
          memoryApplied: [
            expect.objectContaining({ memoryId: 'm1', memoryRevision: 1, contentDigest: 'sha256:bb' }),
          ],
        },
      },
    });
    expect(atStep1).toMatchObject({ steps: 1, toolCalls: 1, revision: 3, status: 'running' });
  });

  it('given the fork event, when folded, then the fork is pending at step 1 with the memory, fresh counters and its own clock', () => {
    const decided = decideFork(fork(1), source, initialRunState, context, sha256Digester);
    const forked = foldRun(history('run-fork', decided));
    expect(forked).toMatchObject({
      runId: 'fork',
      status: 'pending',
      steps: 1,
      baseStep: 1,
      toolCalls: 0,
      inferenceCalls: 0,
      pendingApprovals: 0,
      budget,
      startedAt: T0,
    });
    expect(forked.memories.get('m1')).toMatchObject({ memoryRevision: 1, contentDigest: 'sha256:bb' });
  });

  it('given step 0, when forked, then the point is the source RunStarted and nothing after it', () => {
    const point = forkPoint('src', source, 0, 'acme');
    expect(point.position).toBe(10);
    expect(point.state).toMatchObject({ steps: 0, toolCalls: 0, status: 'pending' });
    expect(point.state.memories.size).toBe(0);
  });

  it('given a budget, when forked, then the fork has that budget instead of the source limits', () => {
    const [event] = decideFork(
      fork(2, { budget: { maxSteps: 1 } }),
      source,
      initialRunState,
      context,
      sha256Digester,
    );
    expect(event?.data).toMatchObject({ budget: { maxSteps: 1 }, forkedFrom: { step: 2, position: 25 } });
  });

  it('given a fork at step 2 with maxSteps 1, when it records steps, then step 3 is its one step and step 4 ends it', () => {
    const decided = decideFork(
      fork(2, { budget: { maxSteps: 1 } }),
      source,
      initialRunState,
      context,
      sha256Digester,
    );
    const forkStream = decided;
    const record = { type: 'RecordStep', runId: 'fork', kind: 'k', summary: 's', payload: null } as const;
    const [third] = decideRun(record, foldRun(history('run-fork', forkStream)), context);
    expect(third).toMatchObject({ type: 'StepRecorded', data: { stepNumber: 3 } });
    const afterThird = foldRun(history('run-fork', [...forkStream, third!]));
    expect(decideRun(record, afterThird, context)).toMatchObject([
      { type: 'RunFailed', data: { budgetExceeded: { budget: 'steps', limit: 1, actual: 2 } } },
    ]);
  });

  it('given a source that has ended, when forked at its last step, then the fork starts pending there', () => {
    const ended = [
      ...source,
      ...history('run-src', [{ type: 'RunCompleted', data: { output: 1 } }]).map((event) => ({
        ...event,
        revision: source.length,
        position: 40,
      })),
    ];
    expect(foldRun(ended).status).toBe('completed');
    const decided = decideFork(fork(2), ended, initialRunState, context, sha256Digester);
    expect(decided[0]?.data).toMatchObject({ forkedFrom: { step: 2, position: 25 } });
    expect(foldRun(history('run-fork', decided))).toMatchObject({ status: 'pending', steps: 2 });
  });

  it('given a step beyond the source or negative, when forked, then RUN_STEP_OUT_OF_RANGE names it and the steps', () => {
    for (const atStep of [3, -1]) {
      const error = refusal(() => decideFork(fork(atStep), source, initialRunState, context, sha256Digester));
      expect(error.code).toBe('RUN_STEP_OUT_OF_RANGE');
      expect(error.details).toEqual({ runId: 'src', atStep, firstStep: 0, steps: 2 });
    }
  });

  it('given a source that is itself a fork at step 1, when forked before that, then out of range; at step 1, its start', () => {
    const decided = decideFork(fork(1), source, initialRunState, context, sha256Digester);
    const forked = history('run-fork', [...decided, step(2)]);
    const error = refusal(() => forkPoint('fork', forked, 0, 'acme'));
    expect(error.details).toEqual({ runId: 'fork', atStep: 0, firstStep: 1, steps: 2 });
    expect(forkPoint('fork', forked, 1, 'acme').position).toBe(10);
    expect(forkPoint('fork', forked, 2, 'acme').position).toBe(13);
  });

  it('given no such run, or another tenant`s, when forked, then RUN_NOT_FOUND naming the source', () => {
    for (const events of [[], history('run-src', [{ type: 'RunStarted', data: started }], 'globex')]) {
      const error = refusal(() => decideFork(fork(0), events, initialRunState, context, sha256Digester));
      expect(error).toMatchObject({ code: 'RUN_NOT_FOUND', details: { runId: 'src' } });
    }
  });

  it('given the fork id already names a run, when forked, then RUN_ALREADY_EXISTS', () => {
    const existing = foldRun(
      history('run-fork', [{ type: 'RunStarted', data: { ...started, runId: 'fork' } }]),
    );
    const error = refusal(() => decideFork(fork(1), source, existing, context, sha256Digester));
    expect(error).toMatchObject({ code: 'RUN_ALREADY_EXISTS', details: { runId: 'fork' } });
  });

  it('given an empty reason or a bad budget, when forked, then RUN_INVALID_COMMAND naming the field', () => {
    const noReason = refusal(() =>
      decideFork(fork(1, { reason: ' ' }), source, initialRunState, context, sha256Digester),
    );
    expect(noReason).toMatchObject({ code: 'RUN_INVALID_COMMAND', details: { field: 'reason' } });
    const badBudget = refusal(() =>
      decideFork(fork(1, { budget: { maxSteps: 0 } }), source, initialRunState, context, sha256Digester),
    );
    expect(badBudget).toMatchObject({ code: 'RUN_INVALID_COMMAND', details: { field: 'budget.maxSteps' } });
  });
});
