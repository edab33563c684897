import { describe, expect, it } from 'vitest';
import type { PolicyDecision } from '../policies/policyRequest.js';
import { evolveRun, initialRunState } from '../runs/runDecider.js';
import type { RunState } from '../runs/runDecider.js';
import type { RunEvent } from '../runs/runEvents.js';
import type { GovernedOrigin } from '../toolCalls/ports.js';
import { decideRollbackEnd, decideRollbackStart } from './rollbackDecider.js';
import type { RollbackPlan, RollbackStartedData } from './rollbackEvents.js';
import { rollbackHistoryOf } from './rollbackHistory.js';

const emptyRollbackHistory = rollbackHistoryOf(initialRunState);

const origin: GovernedOrigin = { tenant: 'acme', actor: { kind: 'user', id: 'key-admin' }, role: 'admin' };
const command = { runId: 'r1', point: { step: 2 }, reason: 'undo' };

function given(events: readonly object[]): RunState {
  return events.reduce<RunState>(
    (state, event, revision) =>
      evolveRun(state, { ...(event as RunEvent), revision, tenant: 'acme', occurredAt: revision }),
    initialRunState,
  );
}
const running = given([
  { type: 'RunStarted', data: { runId: 'r1', goal: 'g', agent: 'a', input: null, budget: {} } },
]);
const restore = { tool: 'kv.restore', version: '2', args: { key: 'k', previous: null } };
const plan: RollbackPlan = {
  pointPosition: 50,
  compensations: [
    { callId: 'c1', tool: { name: 'kv.put', version: '2' }, position: 60, compensation: restore },
  ],
  unapply: [{ memoryId: 'm1', memoryRevision: 1, position: 70 }],
  leftBehind: [
    {
      callId: 'h1',
      tool: { name: 'http.post', version: '1' },
      position: 80,
      why: 'irreversible',
      problem: null,
    },
  ],
};
const decision = (outcome: PolicyDecision['outcome']): PolicyDecision => ({
  outcome,
  determiningPolicies: ['p1'],
  reasons: ['because'],
  policySetVersion: 3,
  inputDigest: 'sha256:x',
});
const input = {
  rollbackId: 'rb1',
  command,
  state: running,
  history: emptyRollbackHistory,
  plan,
  argsDigest: 'sha256:args',
  grant: null,
  newApproval: { approvalId: 'ap1', expiresAt: '2026-01-01T00:15:00.000Z' },
};

describe('rollback start', () => {
  it('given policy allows, when a rollback is asked, then RollbackStarted with the plan, who, why and the decision', () => {
    const start = decideRollbackStart({ ...input, decision: decision('allow') }, origin);
    expect(start).toEqual({
      kind: 'started',
      grantUsed: null,
      started: {
        rollbackId: 'rb1',
        point: { step: 2 },
        reason: 'undo',
        requestedBy: 'key-admin',
        role: 'admin',
        plan,
        policy: { ...decision('allow'), approvalId: null },
      },
    });
  });

  it('given policy denies, then refused POLICY_DENIED naming the determining policies', () => {
    const start = decideRollbackStart({ ...input, decision: decision('deny') }, origin);
    expect(start).toMatchObject({
      kind: 'refused',
      refused: {
        reason: 'POLICY_DENIED',
        requestedBy: 'key-admin',
        details: { determiningPolicies: ['p1'] },
      },
    });
  });

  it('given an approval gate, then ApprovalRequested for the rollback (its id, the pseudo tool, the args digest)', () => {
    const start = decideRollbackStart({ ...input, decision: decision('require_approval') }, origin);
    expect(start).toMatchObject({
      kind: 'pending_approval',
      requested: {
        approvalId: 'ap1',
        callId: 'rb1',
        tool: { name: 'rollbackRun', version: '1' },
        argsDigest: 'sha256:args',
        policySetVersion: 3,
        determiningPolicies: ['p1'],
        requestedBy: 'key-admin',
      },
    });
  });

  it('given a valid grant and policy allowing with it, then ApprovalGrantUsed then RollbackStarted naming the approval', () => {
    const approval = { approvalId: 'ap1', callId: 'rb1', argsDigest: 'sha256:args', policySetVersion: 3 };
    const grant = { ok: true as const, approval: approval as never, call: null };
    const start = decideRollbackStart({ ...input, grant, decision: decision('allow') }, origin);
    expect(start).toMatchObject({
      kind: 'started',
      grantUsed: { approvalId: 'ap1', callId: 'rb1', usedBy: 'key-admin' },
      started: { policy: { approvalId: 'ap1' } },
    });
  });

  it('given a grant under an older policy version, then ApprovalGrantRefused POLICY_VERSION_CHANGED', () => {
    const approval = { approvalId: 'ap1', callId: 'rb1', argsDigest: 'sha256:args', policySetVersion: 2 };
    const grant = { ok: true as const, approval: approval as never, call: null };
    const withGrant = {
      ...input,
      command: { ...command, approvalId: 'ap1' },
      grant,
      decision: decision('allow'),
    };
    expect(decideRollbackStart(withGrant, origin)).toMatchObject({
      kind: 'grant_refused',
      refused: { reason: 'POLICY_VERSION_CHANGED', expected: 2, actual: 3 },
    });
  });

  it('given a rollback in progress, then refused ROLLBACK_IN_PROGRESS naming it', () => {
    const history = { ...emptyRollbackHistory, inProgress: { rollbackId: 'rb0' } as RollbackStartedData };
    const start = decideRollbackStart({ ...input, history, decision: null }, origin);
    expect(start).toMatchObject({
      kind: 'refused',
      refused: { reason: 'ROLLBACK_IN_PROGRESS', details: { rollbackId: 'rb0' } },
    });
  });

  it('given an empty plan, then nothing (a no-op answer)', () => {
    const empty = { pointPosition: 50, compensations: [], unapply: [], leftBehind: [] };
    expect(decideRollbackStart({ ...input, plan: empty, decision: null }, origin)).toEqual({
      kind: 'nothing',
      pointPosition: 50,
    });
  });

  it("given another tenant's run, then RUN_NOT_FOUND", () => {
    expect(() => decideRollbackStart({ ...input, decision: null }, { ...origin, tenant: 'globex' })).toThrow(
      expect.objectContaining({ code: 'RUN_NOT_FOUND' }),
    );
  });
});

describe('rollback end', () => {
  const started = decideRollbackStart({ ...input, decision: decision('allow') }, origin);
  const data = (started as { started: RollbackStartedData }).started;
  const rolling = given([
    { type: 'RunStarted', data: { runId: 'r1', goal: 'g', agent: 'a', input: null, budget: {} } },
    { type: 'RollbackStarted', data },
  ]);

  it('given every compensation completed, then MemoryUnapplied then RunRolledBack listing what was left behind', () => {
    const events = decideRollbackEnd(rolling, data, [{ ok: true, callId: 'c1', compensationCallId: 'x1' }]);
    expect(events).toEqual([
      { type: 'MemoryUnapplied', data: { rollbackId: 'rb1', memoryId: 'm1', memoryRevision: 1 } },
      {
        type: 'RunRolledBack',
        data: {
          rollbackId: 'rb1',
          compensated: [{ callId: 'c1', compensationCallId: 'x1' }],
          leftBehind: plan.leftBehind,
        },
      },
    ]);
  });

  it('given a compensation interrupted by a crash, then RunRollbackFailed naming it', () => {
    const problem = {
      ok: false as const,
      callId: 'c1',
      compensationCallId: 'x1',
      outcome: 'interrupted',
      reason: 'TOOL_CALL_IN_PROGRESS',
      message: 'm',
    };
    const events = decideRollbackEnd(rolling, data, [problem]);
    expect(events.at(-1)).toMatchObject({
      type: 'RunRollbackFailed',
      data: { compensated: [], failed: [{ callId: 'c1', outcome: 'interrupted' }] },
    });
  });

  it('given the rollback already ended, then nothing more', () => {
    const ended = given([
      { type: 'RunStarted', data: { runId: 'r1', goal: 'g', agent: 'a', input: null, budget: {} } },
      { type: 'RollbackStarted', data },
      { type: 'RunRolledBack', data: { rollbackId: 'rb1' } },
    ]);
    expect(decideRollbackEnd(ended, data, [])).toEqual([]);
  });
});
