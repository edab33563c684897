import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatedPayment, setUpPaymentGate } from '../../graphql/testing/governanceOperations.js';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import { listen } from '../../graphql/testing/httpServer.js';
import type { ListeningApi } from '../../graphql/testing/httpServer.js';
import { nextResults, subscriptionClient } from '../../graphql/testing/subscriptionClients.js';
import type { SubscriptionResult, Transport } from '../../graphql/testing/subscriptionClients.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';

// The reviewers' live queue over real HTTP on 127.0.0.1 (SSE and graphql-ws), on the governance the server
// composes (real Cedar, the shipped risk classifier). Each test has a tenant of its own, so queues never mix.

const APPROVALS = `subscription($includePending: Boolean) { approvals(includePending: $includePending) {
  kind approval { approvalId runId callId tool argsDigest policySetVersion requestedBy expired } event { type tenant }
} }`;
const DECIDE = `mutation($runId: ID!, $approvalId: ID!, $decision: ApprovalDecisionInput!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: $decision, reason: "seen") { __typename } }`;
const CANCEL = `mutation($runId: ID!) { cancelRun(runId: $runId, reason: "no longer needed") { __typename } }`;

interface Update {
  readonly kind: string;
  readonly approval: { approvalId: string; runId: string; expired: boolean };
  readonly event: { type: string; tenant: string } | null;
}
const updatesOf = (results: SubscriptionResult[]) =>
  results.map((result) => {
    expect(result.errors).toBeUndefined();
    return (result.data as { approvals: Update }).approvals;
  });
const summary = (updates: readonly Update[]) =>
  updates.map((update) => `${update.kind} ${update.approval.approvalId} ${update.event?.type ?? '-'}`);

let rt: TestRuntime;
let http: ListeningApi;
beforeAll(async () => {
  rt = await openTestRuntime({ governance: true });
  http = await listen(rt.api);
});
afterAll(async () => {
  await http.close();
  await rt.close();
});

/** An admin, app and reviewer of a fresh tenant whose payments are gated. */
async function tenantWithGate(tenant: string) {
  const [admin, app, reviewer] = await Promise.all([
    rt.bearer('admin', tenant),
    rt.bearer('app', tenant),
    rt.bearer('reviewer', tenant),
  ]);
  await setUpPaymentGate(rt.api.yoga, admin);
  return { admin, app, reviewer };
}
const delay = (ms: number) => new Promise<undefined>((resolve) => setTimeout(resolve, ms));
const send = (query: string, authorization: string, variables: Record<string, unknown>) =>
  graphqlRequest(rt.api.yoga, query, { authorization, variables });

describe.each<Transport>(['sse', 'ws'])('the approvals subscription over %s', (transport) => {
  it('given one approval pending, then a reviewer sees it first, then each request, decision and withdrawal live, and nothing of another tenant', async () => {
    const acme = await tenantWithGate(`queue-${transport}`);
    const globex = await tenantWithGate(`other-${transport}`);
    const waiting = await gatedPayment(rt.api.yoga, acme.app, 10);
    const client = subscriptionClient(transport, http, acme.reviewer);
    const updates = client.iterate(APPROVALS);
    try {
      const [first] = updatesOf(await nextResults(updates, 1));
      expect(first).toMatchObject({
        kind: 'pending',
        approval: { approvalId: waiting.approvalId, runId: waiting.runId, expired: false },
        event: null,
      });

      await gatedPayment(rt.api.yoga, globex.app, 99);
      const fresh = await gatedPayment(rt.api.yoga, acme.app, 20);
      const approve = { runId: fresh.runId, approvalId: fresh.approvalId, decision: 'APPROVE' };
      expect((await send(DECIDE, acme.reviewer, approve)).errors).toBeUndefined();
      expect((await send(CANCEL, acme.app, { runId: waiting.runId })).errors).toBeUndefined();

      const live = updatesOf(await nextResults(updates, 3));
      expect(summary(live)).toEqual([
        `requested ${fresh.approvalId} ApprovalRequested`,
        `granted ${fresh.approvalId} ApprovalGranted`,
        `withdrawn ${waiting.approvalId} RunCancelled`,
      ]);
      expect(live.every((update) => update.event?.tenant === `queue-${transport}`)).toBe(true);
    } finally {
      await updates.return?.();
      await client.dispose();
    }
  });
});

describe('the approvals subscription', () => {
  it('given includePending false, then what was pending before is never sent, only later changes; a denial is `denied`', async () => {
    const acme = await tenantWithGate('queue-live-only');
    const before = await gatedPayment(rt.api.yoga, acme.app, 5);
    const client = subscriptionClient('sse', http, acme.reviewer);
    const updates = client.iterate(APPROVALS, { includePending: false });
    try {
      // Nothing tells an SSE client when its subscription is in place, so requests are made until one shows.
      const first = updates.next();
      let latest = await gatedPayment(rt.api.yoga, acme.app, 6);
      while ((await Promise.race([first, delay(200)])) === undefined)
        latest = await gatedPayment(rt.api.yoga, acme.app, 6);
      const deny = { runId: latest.runId, approvalId: latest.approvalId, decision: 'REJECT' };
      expect((await send(DECIDE, acme.reviewer, deny)).errors).toBeUndefined();
      const seen = updatesOf([(await first).value as SubscriptionResult]);
      while (seen.at(-1)!.kind !== 'denied') seen.push(...updatesOf(await nextResults(updates, 1)));
      expect(summary(seen).at(-1)).toBe(`denied ${latest.approvalId} ApprovalDenied`);
      expect(seen.slice(0, -1).every((update) => update.kind === 'requested')).toBe(true);
      expect(seen.some((update) => update.approval.approvalId === before.approvalId)).toBe(false);
    } finally {
      await updates.return?.();
      await client.dispose();
    }
  });
});
