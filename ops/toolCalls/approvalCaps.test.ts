import { afterEach, describe, expect, it } from 'vitest';
import type { ApprovalLimits, ToolCallDeniedData, ToolCallResult } from '../../domain/index.js';
import { join } from 'node:path';
import { ApprovalQueue, DEFAULT_APPROVAL_TTL_MS, ToolCallService } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import {
  APP,
  CONSTANT_RISK_SCORER,
  GOVERNANCE_TEST_POLICIES,
  REVIEWER,
  openGovernance,
  origin,
  typesAfterStart,
} from './governanceFixture.js';
import type { Governance } from './governanceFixture.js';

// The caps on pending approvals over the real ledger (SQLite), Cedar and the kv tools: per run and per tenant,
// under concurrent gated calls, and across the queue's lifecycle (granted, denied, expired, withdrawn).

/** Apps may call any tool at any time (so one run can wait on several approvals); prod keys need a reviewer. */
const ANY_CALL_PROD_GATE = `
@id("app-any") permit(principal, action == Mir::Action::"invokeTool", resource) when { principal.role == "app" };

@id("prod-keys-gate") @approval("required") @reason("writes to prod keys need a human")
forbid(principal, action, resource)
when { resource.name == "kv.put" && context.args.hasTag("key") && context.args.getTag("key") like "prod*" };
`;

let g: Governance;
const open = async (approvalLimits: ApprovalLimits) => {
  g = await openGovernance({ approvalLimits });
  return g;
};
afterEach(() => g.dispose());

let calls = 0;
const gatedCall = (runId: string, who = APP, service = g.toolCalls): Promise<ToolCallResult> =>
  service.invokeTool(
    { runId, tool: 'kv.put', version: '1', args: { key: `prod-${calls++}`, value: 1 } },
    who,
  );
const outcomes = (results: readonly ToolCallResult[]) =>
  results.map((result) => (result.outcome === 'denied' ? result.reason : result.outcome)).sort();
const pendingOf = (tenant = 'acme') => new ApprovalQueue(g.log).pending(tenant);
type Pending = Extract<ToolCallResult, { outcome: 'pending_approval' }>;

describe('pending approvals per tenant', () => {
  it('given a cap of 5, when 20 runs ask at once, then exactly 5 wait and 15 are refused and recorded, naming the cap and count; another tenant is not affected', async () => {
    await open({ perRun: 32, perTenant: 5 });
    const runIds = await Promise.all(Array.from({ length: 20 }, () => g.startRun()));
    const results = await Promise.all(runIds.map((runId) => gatedCall(runId)));

    expect(outcomes(results)).toEqual([
      ...Array<string>(15).fill('APPROVAL_QUEUE_FULL'),
      ...Array<string>(5).fill('pending_approval'),
    ]);
    expect(await pendingOf()).toHaveLength(5);
    const refused = results.findIndex((result) => result.outcome === 'denied');
    expect(results[refused]).toMatchObject({
      reason: 'APPROVAL_QUEUE_FULL',
      details: { scope: 'tenant', limit: 5, pending: 5 },
    });
    const events = await g.stream(runIds[refused]!);
    expect(typesAfterStart(events)).toEqual(['ToolCallRequested', 'PolicyDecided', 'ToolCallDenied']);
    const denied = events.at(-1)!;
    expect(denied.meta).toMatchObject({ tenant: 'acme', actor: APP.actor });
    expect(denied.data as unknown as ToolCallDeniedData).toMatchObject({
      reason: 'APPROVAL_QUEUE_FULL',
      tool: { name: 'kv.put', version: '1' },
      details: { scope: 'tenant', limit: 5, pending: 5 },
      policySetVersion: 1,
    });
    expect(events.at(-2)!.data).toMatchObject({ outcome: 'require_approval' });

    const globexAdmin = origin('key-admin', 'admin', 'globex');
    await g.policies.publish({ policies: GOVERNANCE_TEST_POLICIES, description: 'globex' }, globexAdmin);
    const globexRun = await g.startRun({}, 'globex');
    expect((await gatedCall(globexRun, { ...APP, tenant: 'globex' })).outcome).toBe('pending_approval');
  });

  it('given a full queue, then a grant, a denial, a withdrawal (run cancelled) and expiry each free a slot', async () => {
    await open({ perRun: 32, perTenant: 3 });
    const runIds = await Promise.all(Array.from({ length: 3 }, () => g.startRun()));
    const waiting = (await Promise.all(runIds.map((runId) => gatedCall(runId)))) as Pending[];
    const refusedWhenFull = async () => {
      const result = await gatedCall(await g.startRun());
      expect(result).toMatchObject({ reason: 'APPROVAL_QUEUE_FULL', details: { pending: 3, limit: 3 } });
    };
    const admittedOnce = async () => {
      expect((await gatedCall(await g.startRun())).outcome).toBe('pending_approval');
      await refusedWhenFull();
    };
    const decide = (i: number, decision: 'approve' | 'reject') =>
      g.approvals.decideApproval(
        { runId: runIds[i]!, approvalId: waiting[i]!.approvalId, decision, reason: 'looked' },
        REVIEWER,
      );
    await refusedWhenFull();

    expect((await decide(0, 'approve')).outcome).toBe('granted');
    await admittedOnce();
    expect((await decide(1, 'reject')).outcome).toBe('denied');
    await admittedOnce();
    await g.runs.execute({ type: 'CancelRun', runId: runIds[2]!, reason: 'stop' }, APP);
    await admittedOnce();

    // Past their deadline the waiting approvals can no longer be granted: they no longer hold a slot.
    g.clock.advance(DEFAULT_APPROVAL_TTL_MS + 1);
    const fresh = await Promise.all(Array.from({ length: 4 }, async () => gatedCall(await g.startRun())));
    expect(outcomes(fresh)).toEqual(['APPROVAL_QUEUE_FULL', ...Array<string>(3).fill('pending_approval')]);
  });

  it('given another process sharing the ledger, and a restarted one, then both count the approvals already waiting', async () => {
    await open({ perRun: 32, perTenant: 2 });
    await gatedCall(await g.startRun());
    const secondLog = openSqliteEventLog(join(g.dir, 'ledger.db'));
    try {
      const limits = { approvalLimits: { perRun: 32, perTenant: 2 } };
      const second = new ToolCallService({
        ...g.deps,
        ...limits,
        log: secondLog,
        riskScorer: CONSTANT_RISK_SCORER,
      });
      expect((await gatedCall(await g.startRun(), APP, second)).outcome).toBe('pending_approval');
      expect(await gatedCall(await g.startRun())).toMatchObject({ reason: 'APPROVAL_QUEUE_FULL' });
      const restarted = new ToolCallService({ ...g.deps, ...limits, riskScorer: CONSTANT_RISK_SCORER });
      expect(await gatedCall(await g.startRun(), APP, restarted)).toMatchObject({
        reason: 'APPROVAL_QUEUE_FULL',
        details: { pending: 2 },
      });
    } finally {
      await secondLog.close();
    }
  });
});

describe('pending approvals per run', () => {
  it('given a cap of 2, when one run asks 4 times at once, then exactly 2 wait and 2 are refused, recorded on the run', async () => {
    await open({ perRun: 2, perTenant: 1_000 });
    await g.policies.publish({ policies: ANY_CALL_PROD_GATE, description: 'any call' }, origin('a', 'admin'));
    const runId = await g.startRun();
    // Four at once: concurrent writers of one run retry on its expected revision (5 attempts at most).
    const results = await Promise.all(Array.from({ length: 4 }, () => gatedCall(runId)));

    expect(outcomes(results)).toEqual([
      ...Array<string>(2).fill('APPROVAL_QUEUE_FULL'),
      ...Array<string>(2).fill('pending_approval'),
    ]);
    expect(results.find((result) => result.outcome === 'denied')).toMatchObject({
      details: { scope: 'run', limit: 2, pending: 2 },
    });
    const types = typesAfterStart(await g.stream(runId));
    expect(types.filter((type) => type === 'ApprovalRequested')).toHaveLength(2);
    expect(types.filter((type) => type === 'ToolCallDenied')).toHaveLength(2);
    // Another run of the tenant still has room.
    expect((await gatedCall(await g.startRun())).outcome).toBe('pending_approval');
  });
});
