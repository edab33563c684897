import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatedPayment, INVOKE, setUpPaymentGate } from '../../graphql/testing/governanceOperations.js';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';

// `MIR_APPROVAL_TTL_MS` as governance is composed with it: the reviewer's deadline and the grant's lifetime.

const TTL_MS = 60_000;
const DECIDE = `mutation($runId: ID!, $approvalId: ID!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: APPROVE, reason: "checked") {
    __typename ... on ApprovalDecision { outcome } } }`;

let rt: TestRuntime;
let app: string;
let reviewer: string;
beforeAll(async () => {
  rt = await openTestRuntime({ governance: true, governanceSettings: { approvalTtlMs: TTL_MS } });
  [app, reviewer] = await Promise.all([rt.bearer('app'), rt.bearer('reviewer')]);
  await setUpPaymentGate(rt.api.yoga, await rt.bearer('admin'));
});
afterAll(async () => rt.close());

type Data = Record<string, Record<string, unknown>>;

describe('the approval TTL', () => {
  it('given a TTL of 60 s, when a reviewer approves, then the grant expires 60 s later and a call after that is refused GRANT_EXPIRED', async () => {
    const gated = await gatedPayment(rt.api.yoga, app, 12);
    const decided = await graphqlRequest<Data>(rt.api.yoga, DECIDE, {
      authorization: reviewer,
      variables: { runId: gated.runId, approvalId: gated.approvalId },
    });
    expect(decided.errors).toBeUndefined();
    expect(decided.data?.decideApproval).toMatchObject({ outcome: 'granted' });
    const granted = (await rt.log.readStream(`run-${gated.runId}`)).find(
      (event) => event.type === 'ApprovalGranted',
    );
    expect(granted?.data).toMatchObject({ grantExpiresAt: new Date(rt.clock.now() + TTL_MS).toISOString() });
    rt.clock.advance(TTL_MS + 1);
    const late = await graphqlRequest<Data>(rt.api.yoga, INVOKE, {
      authorization: app,
      variables: { ...gated.variables, approvalId: gated.approvalId },
    });
    expect(late.data?.invokeTool).toMatchObject({ __typename: 'ToolGrantRefused', reason: 'GRANT_EXPIRED' });
  });
});
