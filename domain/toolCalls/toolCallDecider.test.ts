import { describe, expect, it } from 'vitest';
import { evolveRun, initialRunState } from '../runs/runDecider.js';
import type { RunHistoryEvent, RunState } from '../runs/runDecider.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import type { PolicyDecision } from '../policies/policyRequest.js';
import { decideApprovedCall } from './approvedCall.js';
import type { ApprovedCallFacts } from './approvedCall.js';
import { decideToolCall, refusalBeforePolicy } from './toolCallDecider.js';
import type { ToolCallFacts } from './toolCallDecider.js';

const T0 = Date.UTC(2026, 11, 3, 12);
const tool: RegisteredTool = {
  name: 'kv.put',
  version: '2',
  description: '',
  inputSchema: { type: 'object' },
  outputSchema: {},
  sideEffect: 'reversible',
  compensation: null,
  timeoutMs: 1_000,
  rateLimit: { calls: 1, perMs: 60_000 },
  execution: 'runtime',
  riskTags: [],
  tenant: 'acme',
  registeredAt: '2026-12-01T00:00:00.000Z',
  position: 3,
};
const origin = { actor: { kind: 'user', id: 'alice' }, tenant: 'acme', role: 'app' } as const;
const allowances = { approvalId: 'ap-1', grantId: 'gr-1', approvalTtlMs: 60_000, grantTtlMs: 30_000 };

/** Given these run events (revisions from 0), the run's state. */
function given(...events: Omit<RunHistoryEvent, 'revision' | 'tenant' | 'occurredAt'>[]): RunState {
  return events.reduce(
    (state, event, revision) =>
      evolveRun(state, { ...event, revision, tenant: 'acme', occurredAt: T0 } as RunHistoryEvent),
    initialRunState,
  );
}
const started = (budget = {}) =>
  ({ type: 'RunStarted', data: { runId: 'r1', goal: 'g', agent: 'a', input: null, budget } }) as const;

function facts(overrides: Partial<ToolCallFacts> = {}): ToolCallFacts {
  return {
    runId: 'r1',
    callId: 'c1',
    requested: { tool: 'kv.put', version: '2', args: { key: 'k', value: 1 } },
    origin,
    state: given(started()),
    now: T0 + 1_000,
    tool,
    validation: { ok: true },
    argsDigest: 'sha256:args',
    risk: null,
    rateTimes: [],
    versionInForce: 4,
    allowances,
    ...overrides,
  };
}
const decision = (outcome: PolicyDecision['outcome']): PolicyDecision => ({
  outcome,
  determiningPolicies: [`p-${outcome}`],
  reasons: [outcome],
  policySetVersion: 4,
  inputDigest: 'sha256:input',
});
const types = (events: readonly { type: string }[]) => events.map((event) => event.type);

describe('tool-call decider', () => {
  it('given no such tool, when decided, then requested and denied TOOL_UNKNOWN under the version in force; policy is not needed', () => {
    const given = facts({ tool: null, validation: null });
    expect(refusalBeforePolicy(given)?.reason).toBe('TOOL_UNKNOWN');
    const { events, next } = decideToolCall(given);
    expect(types(events)).toEqual(['ToolCallRequested', 'ToolCallDenied']);
    expect(events[1]!.data).toMatchObject({ reason: 'TOOL_UNKNOWN', policySetVersion: 4 });
    expect(next).toMatchObject({ execute: false, result: { outcome: 'denied', reason: 'TOOL_UNKNOWN' } });
  });

  it('given args failing the schema, when decided, then denied TOOL_ARGS_INVALID naming the paths', () => {
    const { events } = decideToolCall(
      facts({ validation: { ok: false, errors: [{ path: '/key', message: 'must be string' }] } }),
    );
    expect(events[1]!.data).toMatchObject({
      reason: 'TOOL_ARGS_INVALID',
      details: { errors: [{ path: '/key', message: 'must be string' }] },
    });
  });

  it('given a run out of tool calls, when decided, then denied without a request (not counted) and the run ends', () => {
    const state = given(started({ maxToolCalls: 1 }), {
      type: 'ToolCallRequested',
      data: {
        callId: 'c0',
        tool: { name: 'kv.put', version: '2', sideEffect: 'reversible', execution: 'runtime' },
        argsDigest: 'd',
        args: {},
        requestedBy: 'alice',
      },
    });
    const { events, next } = decideToolCall(facts({ state }));
    expect(types(events)).toEqual(['ToolCallDenied', 'RunFailed']);
    expect(events[1]!.data).toMatchObject({
      budgetExceeded: { budget: 'toolCalls', limit: 1, actual: 2, command: 'InvokeTool' },
    });
    expect(next).toMatchObject({ result: { outcome: 'denied', reason: 'RUN_BUDGET_EXCEEDED' } });
  });

  it("given the tenant's rate window is full, when decided, then requested and denied TOOL_RATE_LIMITED with the retry delay", () => {
    const { events } = decideToolCall(facts({ rateTimes: [T0 + 500] }));
    expect(events[1]!.data).toMatchObject({ reason: 'TOOL_RATE_LIMITED', details: { retryAfterMs: 59_500 } });
  });

  it('given policy allows a runtime tool, when decided, then requested + decided and the tool executes after the append', () => {
    const { events, next } = decideToolCall(facts({ policy: decision('allow') }));
    expect(types(events)).toEqual(['ToolCallRequested', 'PolicyDecided']);
    expect(events[1]!.data).toMatchObject({
      outcome: 'allow',
      determiningPolicies: ['p-allow'],
      approved: false,
    });
    expect(next).toEqual({ execute: true, callId: 'c1' });
  });

  it('given policy allows an app-executed tool, when decided, then a single-use grant bound to the args digest', () => {
    const { events, next } = decideToolCall(
      facts({ tool: { ...tool, execution: 'app' }, policy: decision('allow') }),
    );
    expect(types(events)).toEqual(['ToolCallRequested', 'PolicyDecided', 'ToolGrantIssued']);
    expect(events[2]!.data).toEqual({
      callId: 'c1',
      grantId: 'gr-1',
      argsDigest: 'sha256:args',
      issuedTo: 'alice',
      expiresAt: new Date(T0 + 31_000).toISOString(),
    });
    expect(next).toMatchObject({ result: { outcome: 'granted', grantId: 'gr-1' } });
  });

  it('given policy denies, when decided, then requested + decided + denied POLICY_DENIED naming the policies', () => {
    const { events } = decideToolCall(facts({ policy: decision('deny') }));
    expect(types(events)).toEqual(['ToolCallRequested', 'PolicyDecided', 'ToolCallDenied']);
    expect(events[2]!.data).toMatchObject({
      reason: 'POLICY_DENIED',
      details: { determiningPolicies: ['p-deny'] },
    });
  });

  it('given policy asks for approval and there is room, when decided, then an approval bound to digest and version', () => {
    const { events, next } = decideToolCall(
      facts({ policy: decision('require_approval'), approvalRoom: null }),
    );
    expect(types(events)).toEqual(['ToolCallRequested', 'PolicyDecided', 'ApprovalRequested']);
    expect(events[2]!.data).toMatchObject({
      approvalId: 'ap-1',
      argsDigest: 'sha256:args',
      policySetVersion: 4,
      expiresAt: new Date(T0 + 61_000).toISOString(),
    });
    expect(next).toMatchObject({ result: { outcome: 'pending_approval', approvalId: 'ap-1' } });
  });

  it('given policy asks for approval and the queue is full, when decided, then denied APPROVAL_QUEUE_FULL after the decision', () => {
    const full = {
      reason: 'APPROVAL_QUEUE_FULL',
      message: 'full',
      details: { scope: 'run', limit: 1, pending: 1 },
      counted: true,
    } as const;
    const { events } = decideToolCall(facts({ policy: decision('require_approval'), approvalRoom: full }));
    expect(types(events)).toEqual(['ToolCallRequested', 'PolicyDecided', 'ToolCallDenied']);
    expect(events[2]!.data).toMatchObject({ reason: 'APPROVAL_QUEUE_FULL', policySetVersion: 4 });
  });
});

describe('approved-call decider', () => {
  const gated = given(
    started(),
    {
      type: 'ToolCallRequested',
      data: {
        callId: 'c1',
        tool: { name: 'kv.put', version: '2', sideEffect: 'reversible', execution: 'runtime' },
        argsDigest: 'sha256:args',
        args: {},
        requestedBy: 'alice',
      },
    },
    {
      type: 'ApprovalRequested',
      data: {
        approvalId: 'ap-1',
        callId: 'c1',
        tool: { name: 'kv.put', version: '2' },
        argsDigest: 'sha256:args',
        policySetVersion: 4,
        determiningPolicies: [],
        reasons: [],
        requestedBy: 'alice',
        expiresAt: new Date(T0 + 60_000).toISOString(),
      },
    },
  );
  const granted = evolveRun(gated, {
    type: 'ApprovalGranted',
    data: {
      approvalId: 'ap-1',
      callId: 'c1',
      argsDigest: 'sha256:args',
      policySetVersion: 4,
      decidedBy: 'bob',
      reason: 'ok',
      grantExpiresAt: new Date(T0 + 120_000).toISOString(),
    },
    revision: 3,
    tenant: 'acme',
    occurredAt: T0,
  } as RunHistoryEvent);
  const resumed = (overrides: Partial<ApprovedCallFacts> = {}): ApprovedCallFacts => ({
    runId: 'r1',
    approvalId: 'ap-1',
    requested: { tool: 'kv.put', version: '2' },
    tool,
    args: {},
    argsDigest: 'sha256:args',
    risk: null,
    origin,
    state: granted,
    now: T0 + 2_000,
    versionInForce: 4,
    allowances,
    ...overrides,
  });

  it('given a granted approval, when resumed and policy allows, then the grant is used, decided again and the tool executes', () => {
    const { events, next } = decideApprovedCall(resumed({ policy: decision('allow') }));
    expect(types(events)).toEqual(['ApprovalGrantUsed', 'PolicyDecided']);
    expect(events[1]!.data).toMatchObject({ approved: true });
    expect(next).toEqual({ execute: true, callId: 'c1' });
  });

  it('given a pending approval, when resumed, then ApprovalGrantRefused GRANT_NOT_GRANTED and nothing runs', () => {
    const { events, next } = decideApprovedCall(resumed({ state: gated }));
    expect(types(events)).toEqual(['ApprovalGrantRefused']);
    expect(next).toMatchObject({ result: { outcome: 'grant_refused', reason: 'GRANT_NOT_GRANTED' } });
  });

  it('given other args than the reviewer saw, when resumed, then refused ARGS_MISMATCH naming both digests', () => {
    const { events } = decideApprovedCall(resumed({ argsDigest: 'sha256:other' }));
    expect(events[0]!.data).toMatchObject({
      reason: 'ARGS_MISMATCH',
      expected: 'sha256:args',
      actual: 'sha256:other',
    });
  });

  it('given the policy set changed since the approval, when resumed, then refused POLICY_VERSION_CHANGED', () => {
    const { events } = decideApprovedCall(resumed({ policy: { ...decision('allow'), policySetVersion: 5 } }));
    expect(events[0]!.data).toMatchObject({ reason: 'POLICY_VERSION_CHANGED', expected: 4, actual: 5 });
  });

  it('given policy now denies, when resumed, then the grant is used and the call denied', () => {
    const { events } = decideApprovedCall(resumed({ policy: decision('deny') }));
    expect(types(events)).toEqual(['ApprovalGrantUsed', 'PolicyDecided', 'ToolCallDenied']);
  });
});
