import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/mirError.js';
import type { CommandContext, RunCommand } from './runCommands.js';
import { decideRun, evolveRun, initialRunState } from './runDecider.js';
import type { RunState } from './runDecider.js';
import type { RunEvent } from './runEvents.js';

const T0 = Date.UTC(2026, 10, 23, 12);
const context: CommandContext = { principal: 'key-app', tenant: 'acme', now: T0 };

/** Given these events (in order, tenant acme, one second apart). */
function given(events: RunEvent[]): RunState {
  return events.reduce(
    (state, event, revision) =>
      evolveRun(state, { ...event, revision, tenant: 'acme', occurredAt: T0 + revision * 1000 }),
    initialRunState,
  );
}

function refusal(command: RunCommand, state: RunState, at: Partial<CommandContext> = {}) {
  try {
    decideRun(command, state, { ...context, ...at });
  } catch (error) {
    return error as { code: string; details: Record<string, unknown> };
  }
  throw new Error('expected a refusal');
}

const started: RunEvent = {
  type: 'RunStarted',
  data: {
    runId: 'r1',
    goal: 'book a trip',
    agent: 'planner',
    input: { city: 'Oslo' },
    budget: { maxSteps: 2, maxWallTimeMs: 60_000 },
  },
};
const step = (n: number): RunEvent => ({
  type: 'StepRecorded',
  data: { stepNumber: n, kind: 'tool_call', summary: `step ${n}`, payload: null },
});
const start: RunCommand = {
  type: 'StartRun',
  runId: 'r1',
  goal: 'book a trip',
  agent: 'planner',
  input: { city: 'Oslo' },
  budget: { maxSteps: 2, maxWallTimeMs: 60_000 },
};
const recordStep: RunCommand = {
  type: 'RecordStep',
  runId: 'r1',
  kind: 'tool_call',
  summary: 'looked up flights',
  payload: { n: 3 },
};

describe('run decider', () => {
  it('given no run, when started, then RunStarted and the run is pending', () => {
    const events = decideRun(start, initialRunState, context);
    expect(events).toEqual([started]);
    expect(given(events)).toMatchObject({ status: 'pending', tenant: 'acme', steps: 0, revision: 0 });
  });

  it('given a started run, when started again, then RUN_ALREADY_EXISTS', () => {
    expect(refusal(start, given([started])).code).toBe('RUN_ALREADY_EXISTS');
  });

  it('given a pending run, when a step is recorded, then StepRecorded numbered 1 and the run is running', () => {
    const events = decideRun(recordStep, given([started]), context);
    expect(events).toEqual([
      {
        type: 'StepRecorded',
        data: { stepNumber: 1, kind: 'tool_call', summary: 'looked up flights', payload: { n: 3 } },
      },
    ]);
    expect(given([started, ...events]).status).toBe('running');
  });

  it('given a run that used its step budget, when another step comes, then the run ends: RunFailed naming the budget, limit, count and command', () => {
    const state = given([started, step(1), step(2)]);
    const events = decideRun(recordStep, state, context);
    expect(events).toEqual([
      {
        type: 'RunFailed',
        data: {
          reason: 'run r1 has used its 2 steps',
          budgetExceeded: { budget: 'steps', limit: 2, actual: 3, command: 'RecordStep' },
        },
      },
    ]);
    expect(given([started, step(1), step(2), ...events])).toMatchObject({ status: 'failed', steps: 2 });
  });

  it('given a run past its wall time, when a step comes, then the run ends (wallTime, elapsed ms)', () => {
    expect(decideRun(recordStep, given([started]), { ...context, now: T0 + 60_001 })).toEqual([
      {
        type: 'RunFailed',
        data: {
          reason: 'run r1 ran past its 60000 ms',
          budgetExceeded: { budget: 'wallTime', limit: 60_000, actual: 60_001, command: 'RecordStep' },
        },
      },
    ]);
  });

  it('given a run within its wall time, when the runtime enforces it, then nothing; once past, then the run ends naming no command', () => {
    const enforce: RunCommand = { type: 'EnforceWallTime', runId: 'r1' };
    expect(decideRun(enforce, given([started]), { ...context, now: T0 + 60_000 })).toEqual([]);
    expect(decideRun(enforce, given([started]), { ...context, now: T0 + 60_001 })).toEqual([
      {
        type: 'RunFailed',
        data: {
          reason: 'run r1 ran past its 60000 ms',
          budgetExceeded: { budget: 'wallTime', limit: 60_000, actual: 60_001, command: null },
        },
      },
    ]);
  });

  it('given a run that has ended, when the runtime enforces its wall time, then RUN_NOT_ACTIVE (ended once)', () => {
    const ended: RunEvent = { type: 'RunCompleted', data: { output: null } };
    expect(
      refusal({ type: 'EnforceWallTime', runId: 'r1' }, given([started, ended]), { now: T0 + 60_001 }).code,
    ).toBe('RUN_NOT_ACTIVE');
  });

  it.each([
    [
      'CompleteRun',
      { type: 'CompleteRun', runId: 'r1', output: { ok: true } },
      'completed',
      { output: { ok: true } },
    ],
    [
      'FailRun',
      { type: 'FailRun', runId: 'r1', reason: 'no flights' },
      'failed',
      { failureReason: 'no flights' },
    ],
    [
      'CancelRun',
      { type: 'CancelRun', runId: 'r1', reason: 'user asked' },
      'cancelled',
      { cancellation: { reason: 'user asked', by: 'key-app' } },
    ],
  ] as const)(
    'given a running run, when %s, then it ends with that status',
    (_name, command, status, fields) => {
      const history = [started, step(1)];
      const events = decideRun(command, given(history), context);
      expect(given([...history, ...events])).toMatchObject({ status, ...fields, endedAt: T0 + 2000 });
    },
  );

  it.each(['RunCompleted', 'RunFailed', 'RunCancelled'] as const)(
    'given a run ended by %s, when any command comes, then RUN_NOT_ACTIVE',
    (ending) => {
      const end = {
        type: ending,
        data:
          ending === 'RunCompleted'
            ? { output: null }
            : ending === 'RunFailed'
              ? { reason: 'x' }
              : { reason: 'x', cancelledBy: 'y' },
      } as RunEvent;
      for (const command of [
        recordStep,
        { type: 'CompleteRun', runId: 'r1', output: 1 },
        { type: 'CancelRun', runId: 'r1', reason: 'again' },
      ] as RunCommand[]) {
        expect(refusal(command, given([started, end]))).toMatchObject({
          code: 'RUN_NOT_ACTIVE',
          details: { status: ending.replace('Run', '').toLowerCase() },
        });
      }
    },
  );

  it('given a run of another tenant or no run, when a command comes, then RUN_NOT_FOUND (never "forbidden")', () => {
    expect(refusal(recordStep, given([started]), { tenant: 'globex' }).code).toBe('RUN_NOT_FOUND');
    expect(refusal(recordStep, initialRunState).code).toBe('RUN_NOT_FOUND');
  });

  it('when a command has blank text or a bad budget, then RUN_INVALID_COMMAND names the field', () => {
    expect(refusal({ ...start, goal: '  ' }, initialRunState).details.field).toBe('goal');
    expect(refusal({ ...start, budget: { maxSteps: 0 } }, initialRunState).details.field).toBe(
      'budget.maxSteps',
    );
    expect(refusal({ type: 'FailRun', runId: 'r1', reason: '' }, given([started])).details.field).toBe(
      'reason',
    );
    const error: unknown = refusal({ ...recordStep, kind: 'k'.repeat(129) }, given([started]));
    expect(hasErrorCode(error, 'RUN_INVALID_COMMAND')).toBe(true);
  });
});

describe('run decider: tool calls and approvals', () => {
  const tool = {
    name: 'kv.put',
    version: '1',
    sideEffect: 'reversible' as const,
    execution: 'runtime' as const,
  };
  const requested: RunEvent = {
    type: 'ToolCallRequested',
    data: { callId: 'c1', tool, argsDigest: 'sha256:a', args: {}, requestedBy: 'key-app' },
  };
  const approval = (type: 'ApprovalRequested' | 'ApprovalGranted' | 'ApprovalDenied' | 'ApprovalExpired') =>
    ({
      type,
      data: {
        approvalId: 'a1',
        callId: 'c1',
        tool: { name: 'kv.put', version: '2' },
        argsDigest: 'sha256:a',
        expiresAt: new Date(T0 + 60_000).toISOString(),
        grantExpiresAt: new Date(T0 + 120_000).toISOString(),
      },
    }) as unknown as RunEvent;

  it('given tool calls requested, then each counts whatever follows and the run is running', () => {
    expect(given([started, requested, requested])).toMatchObject({ status: 'running', toolCalls: 2 });
  });

  it('given an approval requested, then awaiting_approval; a step meanwhile keeps it; a grant makes it running', () => {
    const waiting = given([started, requested, approval('ApprovalRequested'), step(1)]);
    expect(waiting).toMatchObject({ status: 'awaiting_approval', pendingApprovals: 1 });
    expect(
      given([started, requested, approval('ApprovalRequested'), approval('ApprovalGranted')]),
    ).toMatchObject({
      status: 'running',
      pendingApprovals: 0,
    });
  });

  it.each(['ApprovalDenied', 'ApprovalExpired'] as const)(
    'given an approval then %s, then running again',
    (type) => {
      expect(given([started, approval('ApprovalRequested'), approval(type)]).status).toBe('running');
    },
  );

  it('given two pending approvals, when one is decided, then still awaiting_approval', () => {
    const state = given([
      started,
      approval('ApprovalRequested'),
      approval('ApprovalRequested'),
      approval('ApprovalGranted'),
    ]);
    expect(state).toMatchObject({ status: 'awaiting_approval', pendingApprovals: 1 });
  });

  it('given a run awaiting approval, when cancelled, then RunCancelled (an awaiting run is active)', () => {
    const state = given([started, approval('ApprovalRequested')]);
    expect(decideRun({ type: 'CancelRun', runId: 'r1', reason: 'stop' }, state, context)).toEqual([
      { type: 'RunCancelled', data: { reason: 'stop', cancelledBy: 'key-app' } },
    ]);
  });

  it.each([
    { type: 'RunCancelled', data: { reason: 'stop', cancelledBy: 'key-app' } },
    { type: 'RunFailed', data: { reason: 'broke' } },
    { type: 'RunCompleted', data: { output: null } },
  ] as RunEvent[])(
    'given a run awaiting approval, when $type, then it counts no pending approval (withdrawn)',
    (end) => {
      const state = given([started, approval('ApprovalRequested'), end]);
      expect(state.pendingApprovals).toBe(0);
    },
  );

  it('when a run starts with maxToolCalls, then it is kept; a non-positive one is refused', () => {
    const start = (maxToolCalls: number): RunCommand => ({
      type: 'StartRun',
      runId: 'r1',
      goal: 'g',
      agent: 'a',
      input: null,
      budget: { maxToolCalls },
    });
    expect(decideRun(start(3), initialRunState, context)[0]!.data).toMatchObject({
      budget: { maxToolCalls: 3 },
    });
    expect(refusal(start(0), initialRunState).code).toBe('RUN_INVALID_COMMAND');
  });
});
