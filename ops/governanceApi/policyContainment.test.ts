import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import { recordStep, startRun } from '../../graphql/testing/runOperations.js';
import { INVOKE, PAYMENT_GATE_POLICIES as POLICIES } from '../../graphql/testing/governanceOperations.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';
import { chainedAnds } from '../governance/testing/hostilePolicies.js';

// One admin's hostile policy set must not harm another tenant, through the API over the governance the server
// composes (real Cedar in Wasm): refused by the limits before Cedar sees it, and — with the limits lifted so that
// it does reach Cedar — contained when Cedar traps.

const PUBLISH = `mutation($p: String!) { publishPolicy(policies: $p) {
  __typename
  ... on PublishPolicyPayload { published policySet { version } }
  ... on PolicyLimitExceededError { code reason limit max actual eventId message }
  ... on PolicyEngineFailedError { code operation message }
  ... on Error { code message }
} }`;

type Data = Record<string, Record<string, unknown>>;
const HOSTILE = chainedAnds(7_000);

interface Tenant {
  readonly admin: string;
  readonly app: string;
}

async function tenant(rt: TestRuntime, name: string): Promise<Tenant> {
  return { admin: await rt.bearer('admin', name), app: await rt.bearer('app', name) };
}

const publish = async (rt: TestRuntime, admin: string, policies: string) => {
  const response = await graphqlRequest<Data>(rt.api.yoga, PUBLISH, {
    authorization: admin,
    variables: { p: policies },
  });
  expect(response.errors).toBeUndefined();
  return response.data!.publishPolicy!;
};

/** A kv.get call in a fresh running run of the app's tenant. */
async function readCall(rt: TestRuntime, app: string) {
  const { run } = await startRun(rt.api.yoga, app);
  await recordStep(rt.api.yoga, app, run.id);
  const response = await graphqlRequest<Data>(rt.api.yoga, INVOKE, {
    authorization: app,
    variables: { runId: run.id, tool: 'kv.get', version: '1', args: { key: 'k' } },
  });
  expect(response.errors).toBeUndefined();
  return response.data!.invokeTool!;
}

describe('a hostile policy set under the default limits', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    rt = await openTestRuntime({ governance: true });
  });
  afterAll(async () => rt.close());

  it("given globex deciding, when acme's admin publishes 7,000 chained &&, then PolicyLimitExceededError, the refusal recorded, and globex's next call succeeds", async () => {
    const [acme, globex] = [await tenant(rt, 'acme'), await tenant(rt, 'globex')];
    await publish(rt, globex.admin, POLICIES);
    expect(await readCall(rt, globex.app)).toMatchObject({ __typename: 'ToolCallCompleted' });
    const refused = await publish(rt, acme.admin, HOSTILE);
    const [event] = await rt.log.readStream('policy-acme');
    expect(refused).toEqual({
      __typename: 'PolicyLimitExceededError',
      code: 'POLICY_TOO_COMPLEX',
      reason: 'POLICY_TOO_COMPLEX',
      limit: 'maxDepth',
      max: 48,
      actual: 7_001,
      eventId: event!.id,
      message: 'policy set refused: 7001 levels of expression nesting, over the limit of 48 (maxDepth)',
    });
    expect(event).toMatchObject({
      type: 'PolicySetRefused',
      meta: { tenant: 'acme', actor: { kind: 'service' } },
      data: { reason: 'POLICY_TOO_COMPLEX', limit: 'maxDepth', actual: 7_001 },
    });
    expect(await readCall(rt, globex.app)).toMatchObject({ __typename: 'ToolCallCompleted' });
    expect(await publish(rt, acme.admin, POLICIES)).toMatchObject({ policySet: { version: 1 } });
  });
});

describe('a hostile policy set that reaches Cedar (limits lifted)', () => {
  let rt: TestRuntime;
  beforeAll(async () => {
    const policyLimits = { maxBytes: 1024 * 1024, maxPolicies: 256, maxDepth: 1_000_000 };
    rt = await openTestRuntime({ governance: true, governanceSettings: { policyLimits } });
  });
  afterAll(async () => rt.close());

  it("when acme's admin publishes 7,000 chained && and Cedar traps, then PolicyEngineFailedError, nothing recorded, and every tenant's next call and publish succeed", async () => {
    const [acme, globex] = [await tenant(rt, 'acme'), await tenant(rt, 'globex')];
    await publish(rt, globex.admin, POLICIES);
    expect(await readCall(rt, globex.app)).toMatchObject({ __typename: 'ToolCallCompleted' });
    expect(await publish(rt, acme.admin, HOSTILE)).toEqual({
      __typename: 'PolicyEngineFailedError',
      code: 'POLICY_ENGINE_FAILED',
      operation: 'check',
      message: 'the policy engine failed on this request and was restarted; nothing was recorded',
    });
    expect(await rt.log.readStream('policy-acme')).toEqual([]);
    expect(await readCall(rt, globex.app)).toMatchObject({ __typename: 'ToolCallCompleted' });
    expect(await publish(rt, acme.admin, POLICIES)).toMatchObject({ policySet: { version: 1 } });
    expect(await readCall(rt, acme.app)).toMatchObject({ __typename: 'ToolCallCompleted' });
  });
});
