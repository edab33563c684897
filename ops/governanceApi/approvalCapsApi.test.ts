import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import { gatedPayment, INVOKE, setUpPaymentGate } from '../../graphql/testing/governanceOperations.js';
import { recordStep, startRun } from '../../graphql/testing/runOperations.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';

// The tenant cap on pending approvals through the API: the governance the server composes, a cap of 2.

let rt: TestRuntime;
let app: string;
beforeAll(async () => {
  rt = await openTestRuntime({ governance: true, approvalLimits: { perRun: 32, perTenant: 2 } });
  await setUpPaymentGate(rt.api.yoga, await rt.bearer('admin'));
  app = await rt.bearer('app');
});
afterAll(async () => rt.close());

describe('a full approval queue', () => {
  it('given 2 payments waiting, when a third is asked for, then ToolCallDenied APPROVAL_QUEUE_FULL names the cap and count, recorded on the run', async () => {
    await gatedPayment(rt.api.yoga, app, 1);
    await gatedPayment(rt.api.yoga, app, 2);
    const { run } = await startRun(rt.api.yoga, app);
    await recordStep(rt.api.yoga, app, run.id);
    const variables = { runId: run.id, tool: 'acme.pay', version: '1', args: { amount: 3 } };
    const response = await graphqlRequest<{ invokeTool: Record<string, unknown> }>(rt.api.yoga, INVOKE, {
      authorization: app,
      variables,
    });
    const denied = response.data!.invokeTool;
    expect(denied).toMatchObject({
      __typename: 'ToolCallDenied',
      reason: 'APPROVAL_QUEUE_FULL',
      message: 'the tenant already has 2 approvals waiting for a reviewer, its cap is 2',
      details: { scope: 'tenant', limit: 2, pending: 2 },
    });
    const events = await rt.log.readStream(`run-${run.id}`);
    const last = events.at(-1)!;
    expect(last).toMatchObject({ type: 'ToolCallDenied', data: { reason: 'APPROVAL_QUEUE_FULL' } });
    expect((denied.events as { id: string }[]).map((event) => event.id)).toContain(last.id);
    expect(events.map((event) => event.type)).not.toContain('ApprovalRequested');
  });
});
