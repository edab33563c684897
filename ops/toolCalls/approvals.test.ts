import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JsonValue, ToolCallResult } from '../../domain/index.js';
import { ApprovalQueue } from '../../domain/index.js';
import { APP, REVIEWER, origin, openGovernance, typesAfterStart } from './governanceFixture.js';
import type { Governance } from './governanceFixture.js';

let g: Governance;
beforeEach(async () => {
  g = await openGovernance();
});
afterEach(() => g.dispose());

type Pending = Extract<ToolCallResult, { outcome: 'pending_approval' }>;
const prodArgs = { key: 'prod-db', value: 'v2' };

async function gated(runId: string, args: JsonValue = prodArgs): Promise<Pending> {
  const result = await g.toolCalls.invokeTool({ runId, tool: 'kv.put', version: '2', args }, APP);
  expect(result.outcome).toBe('pending_approval');
  return result as Pending;
}
const resume = (runId: string, approvalId: string, args: JsonValue = prodArgs, who = APP) =>
  g.toolCalls.invokeTool({ runId, tool: 'kv.put', version: '2', args, approvalId }, who);
const decide = (
  runId: string,
  approvalId: string,
  decision: 'approve' | 'reject' = 'approve',
  who = REVIEWER,
) => g.approvals.decideApproval({ runId, approvalId, decision, reason: 'checked the diff' }, who);

describe('approvals (SQLite ledger, Cedar, kv on SQLite)', () => {
  it('given a gated call, then ApprovalRequested and the run awaits approval; the app approving its own request is refused and recorded', async () => {
    const runId = await g.startRun();
    const pending = await gated(runId);
    expect(
      (await g.runs.execute({ type: 'RecordStep', runId, kind: 'k', summary: 's', payload: null }, APP))
        .state,
    ).toMatchObject({
      status: 'awaiting_approval',
      pendingApprovals: 1,
    });
    const self = await decide(runId, pending.approvalId, 'approve', { ...APP, role: 'reviewer' });
    expect(self).toMatchObject({ outcome: 'refused', reason: 'SELF_APPROVAL' });
    const asApp = await decide(runId, pending.approvalId, 'approve', origin('key-app-2', 'app'));
    expect(asApp).toMatchObject({ outcome: 'refused', reason: 'NOT_REVIEWER' });
    const events = await g.stream(runId);
    expect(typesAfterStart(events)).toEqual([
      'ToolCallRequested',
      'PolicyDecided',
      'ApprovalRequested',
      'StepRecorded',
      'ApprovalRefused',
      'ApprovalRefused',
    ]);
    expect(events.find((event) => event.type === 'PolicyDecided')!.data).toMatchObject({
      outcome: 'require_approval',
      determiningPolicies: ['prod-keys-gate'],
      policySetVersion: 1,
    });
    expect(events.find((event) => event.type === 'ApprovalRequested')!.data).toMatchObject({
      approvalId: pending.approvalId,
      requestedBy: 'key-app',
      policySetVersion: 1,
      expiresAt: new Date(g.clock.now() + 15 * 60_000).toISOString(),
    });
    expect(events.at(-2)).toMatchObject({ data: { reason: 'SELF_APPROVAL', attemptedBy: 'key-app' } });
    expect(g.store.get('acme', 'prod-db')).toBeNull();
  });

  it('given a reviewer approves, then the resume executes once; a reuse and mismatched args are refused and recorded', async () => {
    const runId = await g.startRun();
    const { approvalId, callId } = await gated(runId);
    expect(await decide(runId, approvalId)).toMatchObject({ outcome: 'granted' });
    const mismatched = await resume(runId, approvalId, { key: 'prod-db', value: 'DROP' });
    expect(mismatched).toMatchObject({ outcome: 'grant_refused', reason: 'ARGS_MISMATCH', callId });
    const done = await resume(runId, approvalId);
    expect(done).toMatchObject({ outcome: 'completed', callId, output: { key: 'prod-db', previous: null } });
    const again = await resume(runId, approvalId);
    expect(again).toMatchObject({ outcome: 'grant_refused', reason: 'GRANT_USED' });
    expect(g.store.get('acme', 'prod-db')).toEqual({ value: 'v2' });
    const events = await g.stream(runId);
    expect(typesAfterStart(events)).toEqual([
      'ToolCallRequested',
      'PolicyDecided',
      'ApprovalRequested',
      'ApprovalGranted',
      'ApprovalGrantRefused',
      'ApprovalGrantUsed',
      'PolicyDecided',
      'ToolCallCompleted',
      'ApprovalGrantRefused',
    ]);
    expect(events.find((event) => event.type === 'ApprovalGranted')).toMatchObject({
      data: { decidedBy: 'key-reviewer', policySetVersion: 1 },
      meta: { actor: REVIEWER.actor },
    });
    expect(events.filter((event) => event.type === 'PolicyDecided').at(-1)!.data).toMatchObject({
      outcome: 'allow',
      approved: true,
      determiningPolicies: expect.arrayContaining(['prod-keys-gate']) as unknown,
    });
    expect(events.filter((event) => event.type === 'ToolCallRequested')).toHaveLength(1);
  });

  it('given a grant past its expiry, then the resume is refused GRANT_EXPIRED; a pending approval past its deadline expires when decided', async () => {
    const runId = await g.startRun();
    const first = await gated(runId);
    await decide(runId, first.approvalId);
    g.clock.advance(15 * 60_000 + 1);
    expect(await resume(runId, first.approvalId)).toMatchObject({
      outcome: 'grant_refused',
      reason: 'GRANT_EXPIRED',
    });
    const second = await gated(runId, { key: 'prod-cache', value: 1 });
    g.clock.advance(15 * 60_000 + 1);
    expect(await decide(runId, second.approvalId)).toMatchObject({ outcome: 'expired' });
    expect(await decide(runId, second.approvalId)).toMatchObject({
      outcome: 'refused',
      reason: 'NOT_PENDING',
    });
    const events = await g.stream(runId);
    expect(events.map((event) => event.type)).toContain('ApprovalExpired');
    expect(g.store.get('acme', 'prod-db')).toBeNull();
  });

  it('given an idempotency key, when a decision is retried, then the recorded outcome comes back and nothing is appended; another decision or reason with the key is IDEMPOTENCY_CONFLICT', async () => {
    const runId = await g.startRun();
    const { approvalId } = await gated(runId);
    const keyed = { ...REVIEWER, idempotencyKey: 'decide-1' };
    const send = (decision: 'approve' | 'reject', reason = 'checked the diff') =>
      g.approvals.decideApproval({ runId, approvalId, decision, reason }, keyed);
    const first = await send('approve');
    expect(first).toMatchObject({ outcome: 'granted', reason: 'APPROVED' });
    const head = await g.log.headPosition();
    expect(await send('approve')).toEqual(first);
    expect(await g.log.headPosition()).toBe(head);
    await expect(send('reject')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      details: { fields: ['decision'] },
    });
    await expect(send('approve', 'another reason')).rejects.toMatchObject({
      code: 'IDEMPOTENCY_CONFLICT',
      details: { fields: ['reason'] },
    });
    expect(await g.log.headPosition()).toBe(head);
    // Without the key the same decision is decided again: the approval is no longer pending.
    expect(await decide(runId, approvalId)).toMatchObject({ outcome: 'refused', reason: 'NOT_PENDING' });
  });

  it('given an idempotency key, when a refused decision is retried, then the refusal comes back and is not recorded twice', async () => {
    const runId = await g.startRun();
    const { approvalId } = await gated(runId);
    const keyed = { ...APP, role: 'reviewer' as const, idempotencyKey: 'self-1' };
    const send = () =>
      g.approvals.decideApproval({ runId, approvalId, decision: 'approve', reason: 'mine' }, keyed);
    const first = await send();
    expect(first).toMatchObject({ outcome: 'refused', reason: 'SELF_APPROVAL' });
    expect(await send()).toEqual(first);
    const refused = (await g.stream(runId)).filter((event) => event.type === 'ApprovalRefused');
    expect(refused).toHaveLength(1);
  });

  it('given a reviewer rejects, then the call ends denied APPROVAL_DENIED and its grant cannot be used', async () => {
    const runId = await g.startRun();
    const { approvalId } = await gated(runId);
    expect(await decide(runId, approvalId, 'reject')).toMatchObject({ outcome: 'denied' });
    expect(await resume(runId, approvalId)).toMatchObject({ reason: 'GRANT_NOT_GRANTED' });
    const events = await g.stream(runId);
    expect(events.find((event) => event.type === 'ToolCallDenied')!.data).toMatchObject({
      reason: 'APPROVAL_DENIED',
    });
  });

  it('given the run is cancelled while an approval is pending, then deciding and resuming are refused RUN_NOT_ACTIVE and the queue drops it', async () => {
    const runId = await g.startRun();
    const { approvalId } = await gated(runId);
    const queue = new ApprovalQueue(g.log);
    expect(await queue.pending('acme')).toHaveLength(1);
    await g.runs.execute({ type: 'CancelRun', runId, reason: 'user left' }, APP);
    await expect(decide(runId, approvalId)).rejects.toMatchObject({ code: 'RUN_NOT_ACTIVE' });
    await expect(resume(runId, approvalId)).rejects.toMatchObject({ code: 'RUN_NOT_ACTIVE' });
    expect(await queue.pending('acme')).toEqual([]);
  });

  it('given a policy set published after the approval, then the grant is refused POLICY_VERSION_CHANGED', async () => {
    const runId = await g.startRun();
    const { approvalId } = await gated(runId);
    await decide(runId, approvalId);
    const current = await g.policies.current('acme');
    await g.policies.publish(
      { policies: `${current!.policies}\n// v2`, description: 'v2' },
      origin('key-admin', 'admin'),
    );
    expect(await resume(runId, approvalId)).toMatchObject({
      outcome: 'grant_refused',
      reason: 'POLICY_VERSION_CHANGED',
    });
  });

  it('given a flood of 1,000 approval requests (the default cap per tenant), then all are recorded and the queue lists every one, in order; one more is refused until they are decided', async () => {
    // One gated request per run: under the example policies a run awaiting approval may call no other tool.
    const runIds: string[] = [];
    for (let i = 0; i < 1_000; i++) runIds.push(await g.startRun());
    // All at once: the flood is concurrent, as an app's would be.
    const results: ToolCallResult[] = await Promise.all(
      runIds.map((runId, i) =>
        g.toolCalls.invokeTool(
          { runId, tool: 'kv.put', version: '2', args: { key: `prod-${i}`, value: i } },
          APP,
        ),
      ),
    );
    expect(results.every((result) => result.outcome === 'pending_approval')).toBe(true);
    const queued = await new ApprovalQueue(g.log).pending('acme');
    expect(queued).toHaveLength(1_000);
    expect(new Set(queued.map((approval) => approval.approvalId))).toEqual(
      new Set(results.map((result) => (result as Pending).approvalId)),
    );
    const positions = queued.map((approval) => approval.position);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    const recorded = await g.log.readAll({ filter: { types: ['ApprovalRequested'] } });
    expect(recorded).toHaveLength(1_000);
    const extraRun = await g.startRun();
    const extra = () =>
      g.toolCalls.invokeTool({ runId: extraRun, tool: 'kv.put', version: '2', args: prodArgs }, APP);
    expect(await extra()).toMatchObject({
      outcome: 'denied',
      reason: 'APPROVAL_QUEUE_FULL',
      details: { scope: 'tenant', limit: 1_000, pending: 1_000 },
    });
    // And all decided at once by reviewers.
    const decided = await Promise.all(queued.map((approval) => decide(approval.runId, approval.approvalId)));
    expect(decided.every((decision) => decision.outcome === 'granted')).toBe(true);
    expect(await new ApprovalQueue(g.log).pending('acme')).toHaveLength(0);
    expect((await extra()).outcome).toBe('pending_approval');
  }, 60_000);
});
