import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createGraphqlApi } from './createGraphqlApi.js';
import { countCalls } from './testing/countCalls.js';
import {
  gatedPayment,
  PAYMENT_GATE_POLICIES,
  PUBLISH,
  setUpPaymentGate,
} from './testing/governanceOperations.js';
import type { GatedCall } from './testing/governanceOperations.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import { listen } from './testing/httpServer.js';
import { firstSseResult } from './testing/sseRequest.js';
import { nextResults, subscriptionClient } from './testing/subscriptionClients.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

const DETAILS = 'approvalId args argsRecorded riskScore policySetVersion policies { id text }';
const APPROVALS = `{ approvals { ${DETAILS} } }`;
/** The gate's text as published (see PAYMENT_GATE_POLICIES): what a reviewer must see beside the approval. */
const GATE_TEXT =
  '@id("payments-gate") @approval("required") @reason("payments need a human")\n' +
  'forbid(principal, action, resource) when { context.tool.riskTags.contains("payment") };';

const [HUMAN, TWO_HUMANS] = ['payments need a human', 'payments need two humans'];

interface ApprovalView {
  readonly approvalId: string;
  readonly args: unknown;
  readonly argsRecorded: boolean;
  readonly riskScore: number | null;
  readonly policySetVersion: number | null;
  readonly policies: ReadonlyArray<{ id: string; text: string | null }>;
}

let rt: TestRuntime;
let app: string;
let reviewer: string;
const gated: GatedCall[] = [];
beforeAll(async () => {
  rt = await openTestRuntime({ governance: true });
  app = await rt.bearer('app');
  reviewer = await rt.bearer('reviewer');
  const admin = await rt.bearer('admin');
  await setUpPaymentGate(rt.api.yoga, admin);
  gated.push(await gatedPayment(rt.api.yoga, app, 12.5));
  // A newer policy-set version: the first approval must still show the text of the version that asked for it.
  const republished = await graphqlRequest(rt.api.yoga, PUBLISH, {
    authorization: admin,
    variables: { p: PAYMENT_GATE_POLICIES.replace(HUMAN, TWO_HUMANS) },
  });
  expect(republished.errors).toBeUndefined();
  for (let amount = 1; amount <= 5; amount++) gated.push(await gatedPayment(rt.api.yoga, app, amount));
});
afterAll(async () => rt.close());

async function approvals(yoga = rt.api.yoga): Promise<ApprovalView[]> {
  const response = await graphqlRequest<{ approvals: ApprovalView[] }>(yoga, APPROVALS, {
    authorization: reviewer,
  });
  expect(response.errors).toBeUndefined();
  return response.data!.approvals;
}

describe('PendingApproval: args, risk score and the determining policies', () => {
  it('given a gated payment, when a reviewer lists the queue, then the args, the decision’s risk score and the gate’s text at that version', async () => {
    const first = (await approvals()).find((approval) => approval.approvalId === gated[0]!.approvalId)!;
    expect(first).toMatchObject({ args: { amount: 12.5 }, argsRecorded: true, policySetVersion: 1 });
    expect(first.riskScore).toEqual(expect.any(Number));
    expect(first.riskScore).toBeGreaterThanOrEqual(0);
    expect(first.riskScore).toBeLessThanOrEqual(1);
    expect(first.policies).toEqual([{ id: 'payments-gate', text: GATE_TEXT }]);
    const later = (await approvals()).find((approval) => approval.approvalId === gated[1]!.approvalId)!;
    expect(later.policySetVersion).toBe(2);
    expect(later.policies).toEqual([{ id: 'payments-gate', text: GATE_TEXT.replace(HUMAN, TWO_HUMANS) }]);
  });

  it('given six approvals, then their calls and policy sets are read in a few batched reads, not per approval', async () => {
    const reads = new Map<string, number>();
    const listed = await approvals(
      createGraphqlApi({ ...rt.deps, log: countCalls(rt.deps.log, reads) }).yoga,
    );
    expect(listed.map((approval) => approval.args)).toEqual(gated.map((call) => call.variables.args));
    // Neighbouring events in one readAll per span of nearby positions; the policy stream read once (readStream).
    expect(reads.get('readAll') ?? 0).toBeLessThanOrEqual(listed.length / 2);
    expect(reads.get('readStream')).toBe(1);
  });

  it('when subscribed to the approvals queue, then the updates carry the same details', async () => {
    const response = await firstSseResult(
      rt.api.yoga,
      `subscription { approvals { approval { ${DETAILS} } } }`,
      {
        authorization: reviewer,
      },
    );
    expect(response.errors).toBeUndefined();
    const { approval } = (response.data as { approvals: { approval: ApprovalView } }).approvals;
    expect(approval).toMatchObject({
      approvalId: gated[0]!.approvalId,
      args: { amount: 12.5 },
      policies: [{ id: 'payments-gate', text: GATE_TEXT }],
    });
  });

  it('given six pending approvals, when subscribing, then the queue’s details are read in one batch, not per item', async () => {
    const reads = new Map<string, number>();
    const server = await listen(createGraphqlApi({ ...rt.deps, log: countCalls(rt.deps.log, reads) }));
    const client = subscriptionClient('sse', server, reviewer);
    try {
      const query = `subscription { approvals { kind approval { ${DETAILS} } } }`;
      const results = await nextResults(client.iterate(query), gated.length, 30_000);
      const updates = results.map((result) => result.data!.approvals as { approval: ApprovalView });
      expect(updates.map((update) => update.approval.args)).toEqual(gated.map((call) => call.variables.args));
      expect(reads.get('readAll') ?? 0).toBeLessThanOrEqual(gated.length / 2);
      expect(reads.get('readStream')).toBe(1);
    } finally {
      await client.dispose();
      await server.close();
    }
  });
});
