import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppendedEvent, GovernedOrigin, JsonValue, RecordedEvent } from '../../domain/index.js';
import { APP, REVIEWER, appReadTool, origin, openGovernance } from './governanceFixture.js';
import { KV_WRITE_TOOL_VERSION } from '../tools/index.js';
import type { Governance } from './governanceFixture.js';

// "For every allowed and every refused action there is a chained event naming the principal, the policy
// version and the input digest": every tool-call and approval outcome, allowed or refused, over the real
// SQLite ledger, Cedar, ajv and the kv tools.

let g: Governance;
beforeEach(async () => {
  g = await openGovernance();
  await g.tools.register(appReadTool('crm.lookup'), origin('key-admin', 'admin'));
});
afterEach(() => g.dispose());

interface Action {
  readonly name: string;
  readonly by: GovernedOrigin;
  readonly outcome: string;
  readonly events: readonly AppendedEvent[];
}

/** What an event names: its principal, a policy-set version and an input digest, wherever the event keeps them. */
function evidenceOf(event: RecordedEvent) {
  const data = event.data as Record<string, JsonValue>;
  const details = (data.details ?? {}) as Record<string, JsonValue>;
  return {
    principal: event.meta.actor.id,
    policySetVersion: data.policySetVersion ?? details.policySetVersion,
    inputDigest: data.inputDigest ?? data.argsDigest,
  };
}

/** The kv writes are at KV_WRITE_TOOL_VERSION; the fixture's own tools at 1. */
const versionOf = (tool: string) => (tool === 'kv.put' ? KV_WRITE_TOOL_VERSION : '1');
const call = (runId: string, tool: string, args: JsonValue, extra: { approvalId?: string } = {}) =>
  g.toolCalls.invokeTool({ runId, tool, version: versionOf(tool), args, ...extra }, APP);

describe('evidence of every governed action', () => {
  it('given allowed, denied, gated, approved, refused and misused calls, then each names principal, policy version and input digest in a chained event', async () => {
    const actions: Action[] = [];
    const record = (
      name: string,
      by: GovernedOrigin,
      result: { outcome: string; events: readonly AppendedEvent[] },
    ) => actions.push({ name, by, outcome: result.outcome, events: result.events });
    const runId = await g.startRun({ maxToolCalls: 12 });

    record('allowed kv.put', APP, await call(runId, 'kv.put', { key: 'a', value: 1 }));
    record('policy deny', APP, await call(runId, 'shell.exec', { cmd: 'rm -rf /' }));
    record('args invalid', APP, await call(runId, 'kv.put', { nope: true }));
    record(
      'unknown version',
      APP,
      await g.toolCalls.invokeTool({ runId, tool: 'kv.put', version: '9', args: {} }, APP),
    );
    const gated = await call(runId, 'kv.put', { key: 'prod-x', value: 1 });
    record('gated', APP, gated);
    const approvalId = (gated as { approvalId: string }).approvalId;
    const decide = (who: GovernedOrigin) =>
      g.approvals.decideApproval({ runId, approvalId, decision: 'approve', reason: 'ok' }, who);
    record('self approval', { ...APP, role: 'reviewer' }, await decide({ ...APP, role: 'reviewer' }));
    record('approval granted', REVIEWER, await decide(REVIEWER));
    record('args mismatch', APP, await call(runId, 'kv.put', { key: 'prod-x', value: 2 }, { approvalId }));
    record('grant used', APP, await call(runId, 'kv.put', { key: 'prod-x', value: 1 }, { approvalId }));
    record('grant reused', APP, await call(runId, 'kv.put', { key: 'prod-x', value: 1 }, { approvalId }));
    const granted = await call(runId, 'crm.lookup', { id: 7 });
    record('app grant', APP, granted);
    const { callId, grantId } = granted as unknown as { callId: string; grantId: string };
    const stranger = origin('key-stranger', 'app');
    const report = { runId, callId, grantId, outcome: { output: { paid: true } } };
    record('result by a stranger', stranger, await g.toolCalls.recordToolResult(report, stranger));
    const small = await g.startRun({ maxToolCalls: 1 });
    await call(small, 'kv.get', { key: 'a' });
    record('budget exhausted', APP, await call(small, 'kv.get', { key: 'a' }));

    expect(actions.map((action) => `${action.name}: ${action.outcome}`)).toEqual([
      'allowed kv.put: completed',
      'policy deny: denied',
      'args invalid: denied',
      'unknown version: denied',
      'gated: pending_approval',
      'self approval: refused',
      'approval granted: granted',
      'args mismatch: grant_refused',
      'grant used: completed',
      'grant reused: grant_refused',
      'app grant: granted',
      'result by a stranger: refused',
      'budget exhausted: denied',
    ]);
    const all = await g.log.readAll({ maxCount: 10_000 });
    const byId = new Map(all.map((event) => [event.id, event]));
    for (const action of actions) {
      const evidence = action.events.map((appended) => evidenceOf(byId.get(appended.id)!));
      const complete = evidence.find(
        (named) =>
          named.principal === action.by.actor.id &&
          typeof named.policySetVersion === 'number' &&
          typeof named.inputDigest === 'string',
      );
      expect(complete, `${action.name}: ${JSON.stringify(evidence)}`).toBeDefined();
    }
    // Chained: each event names the hash of the one before it in its stream (revision 0: the genesis value).
    const lastHash = new Map<string, string>();
    for (const event of all) {
      expect(event.prevHash).toBe(lastHash.get(event.stream) ?? '0'.repeat(64));
      lastHash.set(event.stream, event.hash);
    }
  });
});
