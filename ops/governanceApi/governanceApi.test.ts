import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlRequest, errorCodes } from '../../graphql/testing/graphqlRequest.js';
import type { GraphqlResponse } from '../../graphql/testing/graphqlRequest.js';
import { recordStep, startRun } from '../../graphql/testing/runOperations.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';

// The governance fields end to end: the API over the governance the server composes (SQLite-free in-memory
// ledger here, real Cedar, ajv, built-in kv tools, the shipped risk classifier on a CPU engine).

/** Apps may call any tool; tools tagged `payment` need a reviewer's approval. */
const POLICIES = `
@id("app-any") @reason("apps may call tools")
permit(principal, action == Mir::Action::"invokeTool", resource) when { principal.role == "app" };

@id("payments-gate") @approval("required") @reason("payments need a human")
forbid(principal, action, resource) when { context.tool.riskTags.contains("payment") };
`;

const PUBLISH = `mutation($p: String!, $d: String) { publishPolicy(policies: $p, description: $d) {
  __typename
  ... on PublishPolicyPayload { published policySet { tenant version sha256 policyIds description publishedAt } }
  ... on PolicyInvalidError { code problems { policyId message } }
} }`;
const REGISTER_TOOL = `mutation($name: String!, $version: String!, $input: JSON!, $side: SideEffect!,
  $execution: ExecutionMode!, $tags: [String!]) {
  registerTool(name: $name, version: $version, inputSchema: $input, outputSchema: { type: "object" },
    sideEffect: $side, timeoutMs: 1000, execution: $execution, riskTags: $tags) {
    __typename
    ... on RegisterToolPayload { alreadyRegistered tool { name version sideEffect execution riskTags } }
    ... on ToolInvalidError { reason field }
    ... on ToolVersionConflictError { name version differingFields }
  } }`;
const INVOKE = `mutation($runId: ID!, $tool: String!, $version: String!, $args: JSON!, $approvalId: ID) {
  invokeTool(runId: $runId, tool: $tool, version: $version, args: $args, approvalId: $approvalId) {
    __typename
    ... on ToolCallCompleted { callId output outputDigest compensation events { id } }
    ... on ToolCallDenied { callId reason message details events { id } }
    ... on ToolCallPendingApproval { callId approvalId expiresAt }
    ... on ToolCallGranted { callId grantId argsDigest }
    ... on ToolGrantRefused { reason }
    ... on Error { code message }
  } }`;
const REPORT = `mutation($runId: ID!, $callId: ID!, $grantId: ID!, $output: JSON, $error: String) {
  recordToolResult(runId: $runId, callId: $callId, grantId: $grantId, output: $output, error: $error) {
    __typename
    ... on ToolCallCompleted { output }
    ... on ToolCallFailed { reason message }
    ... on ToolResultRefused { reason }
    ... on Error { code }
  } }`;

type Data = Record<string, Record<string, unknown>>;

let rt: TestRuntime;
let admin: string;
let app: string;
let reviewer: string;
let auditor: string;

beforeAll(async () => {
  rt = await openTestRuntime({ governance: true });
  [admin, app, reviewer, auditor] = await Promise.all([
    rt.bearer('admin'),
    rt.bearer('app'),
    rt.bearer('reviewer'),
    rt.bearer('auditor'),
  ]);
});
afterAll(async () => rt.close());

const request = (query: string, authorization: string, variables: Record<string, unknown> = {}) =>
  graphqlRequest<Data>(rt.api.yoga, query, { authorization, variables });
const field = (response: GraphqlResponse<Data>, name: string) => {
  expect(response.errors).toBeUndefined();
  return response.data![name]!;
};

/** A run of `acme` in status running (apps' reversible calls need one). */
async function runningRun(): Promise<string> {
  const { run } = await startRun(rt.api.yoga, app);
  await recordStep(rt.api.yoga, app, run.id);
  return run.id;
}

describe('publishPolicy and policies', () => {
  it('given valid Cedar, when an admin publishes it, then it is the next version and auditors read it', async () => {
    const published = field(await request(PUBLISH, admin, { p: POLICIES, d: 'test set' }), 'publishPolicy');
    expect(published).toMatchObject({
      __typename: 'PublishPolicyPayload',
      published: true,
      policySet: {
        tenant: 'acme',
        version: 1,
        policyIds: ['app-any', 'payments-gate'],
        description: 'test set',
      },
    });
    const again = field(await request(PUBLISH, admin, { p: POLICIES }), 'publishPolicy');
    expect(again).toMatchObject({ published: false, policySet: { version: 1 } });
    const current = field(await request(`{ policies { version sha256 policies } }`, auditor), 'policies');
    expect(current).toEqual({
      version: 1,
      sha256: (published.policySet as { sha256: string }).sha256,
      policies: POLICIES,
    });
  });

  it('given text that is not Cedar, then PolicyInvalidError lists the problems and nothing changes', async () => {
    const refused = field(await request(PUBLISH, admin, { p: 'permit(' }), 'publishPolicy');
    expect(refused.__typename).toBe('PolicyInvalidError');
    expect(refused.code).toBe('POLICY_INVALID');
    expect((refused.problems as unknown[]).length).toBeGreaterThan(0);
    expect(field(await request(`{ policies { version } }`, admin), 'policies')).toEqual({ version: 1 });
  });

  it('given an app or a reviewer, then publishing and reading policies are forbidden', async () => {
    expect(errorCodes(await request(PUBLISH, app, { p: POLICIES }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await request(`{ policies { version } }`, reviewer))).toEqual(['FORBIDDEN']);
  });

  it("given another tenant's admin, then it sees no policy set of acme", async () => {
    const globex = await rt.bearer('admin', 'globex');
    expect(field(await request(`{ policies { version } }`, globex), 'policies')).toBeNull();
  });
});

describe('registerTool and tools', () => {
  const payment = {
    name: 'acme.pay',
    version: '1',
    input: { type: 'object', properties: { amount: { type: 'number' } }, required: ['amount'] },
    side: 'irreversible',
    execution: 'app',
    tags: ['payment'],
  };

  it('given a new definition, when an admin registers it, then every role lists it; the same again records nothing', async () => {
    const registered = field(await request(REGISTER_TOOL, admin, payment), 'registerTool');
    expect(registered).toEqual({
      __typename: 'RegisterToolPayload',
      alreadyRegistered: false,
      tool: {
        name: 'acme.pay',
        version: '1',
        sideEffect: 'irreversible',
        execution: 'app',
        riskTags: ['payment'],
      },
    });
    expect(field(await request(REGISTER_TOOL, admin, payment), 'registerTool')).toMatchObject({
      alreadyRegistered: true,
    });
    const listed = field(await request(`{ tools(name: "acme.pay") { name version } }`, auditor), 'tools');
    expect(listed).toEqual([{ name: 'acme.pay', version: '1' }]);
    const all = field(await request(`{ tools { name } }`, app), 'tools') as unknown as { name: string }[];
    expect(all.map((tool) => tool.name)).toContain('kv.put');
  });

  it('given another definition under a registered version, then ToolVersionConflictError names the differences', async () => {
    const conflict = field(await request(REGISTER_TOOL, admin, { ...payment, tags: [] }), 'registerTool');
    expect(conflict).toEqual({
      __typename: 'ToolVersionConflictError',
      name: 'acme.pay',
      version: '1',
      differingFields: ['riskTags'],
    });
  });

  it('given an input schema that is not JSON Schema, then ToolInvalidError names it', async () => {
    const invalid = field(
      await request(REGISTER_TOOL, admin, { ...payment, version: '2', input: { type: 'no-such-type' } }),
      'registerTool',
    );
    expect(invalid).toMatchObject({ __typename: 'ToolInvalidError', field: 'inputSchema' });
  });

  it('given an app, then registering is forbidden', async () => {
    expect(errorCodes(await request(REGISTER_TOOL, app, { ...payment, version: '3' }))).toEqual([
      'FORBIDDEN',
    ]);
  });
});

describe('invokeTool and recordToolResult', () => {
  it('given the published policies, when an app puts a key, then the runtime tool completes with its compensation', async () => {
    const runId = await runningRun();
    const args = { key: 'greeting', value: 'hello' };
    const result = field(
      await request(INVOKE, app, { runId, tool: 'kv.put', version: '1', args }),
      'invokeTool',
    );
    expect(result).toMatchObject({
      __typename: 'ToolCallCompleted',
      output: { key: 'greeting', previous: null },
      compensation: { tool: 'kv.restore' },
    });
    expect((result.events as unknown[]).length).toBeGreaterThanOrEqual(3);
  });

  it('given an unknown tool version, then the denial is a recorded result', async () => {
    const runId = await runningRun();
    const variables = { runId, tool: 'kv.put', version: '9', args: {} };
    const denied = field(await request(INVOKE, app, variables), 'invokeTool');
    expect(denied).toMatchObject({ __typename: 'ToolCallDenied', reason: 'TOOL_UNKNOWN' });
    expect((denied.events as unknown[]).length).toBe(2);
  });

  it("given another tenant's run, then RunNotFoundError and nothing recorded", async () => {
    const { run } = await startRun(rt.api.yoga, await rt.bearer('app', 'globex'));
    const variables = { runId: run.id, tool: 'kv.get', version: '1', args: { key: 'k' } };
    expect(field(await request(INVOKE, app, variables), 'invokeTool')).toMatchObject({
      __typename: 'RunNotFoundError',
      code: 'RUN_NOT_FOUND',
    });
  });

  it('given a gated app-executed tool, then the call waits for approval', async () => {
    const runId = await runningRun();
    const variables = { runId, tool: 'acme.pay', version: '1', args: { amount: 10 } };
    const pending = field(await request(INVOKE, app, variables), 'invokeTool');
    expect(pending).toMatchObject({ __typename: 'ToolCallPendingApproval' });
  });

  it('given an allowed app-executed call, when the app reports its output with the grant, then it completes once', async () => {
    const tool = {
      name: 'acme.lookup',
      version: '1',
      input: { type: 'object' },
      side: 'read',
      execution: 'app',
    };
    field(await request(REGISTER_TOOL, admin, tool), 'registerTool');
    const runId = await runningRun();
    const granted = field(
      await request(INVOKE, app, { runId, tool: 'acme.lookup', version: '1', args: { q: 'x' } }),
      'invokeTool',
    );
    expect(granted.__typename).toBe('ToolCallGranted');
    const report = { runId, callId: granted.callId, grantId: granted.grantId, output: { found: true } };
    expect(field(await request(REPORT, app, report), 'recordToolResult')).toEqual({
      __typename: 'ToolCallCompleted',
      output: { found: true },
    });
    expect(field(await request(REPORT, app, report), 'recordToolResult')).toMatchObject({
      __typename: 'ToolResultRefused',
    });
  });

  it('given both output and error, or neither, then BAD_USER_INPUT', async () => {
    const runId = await runningRun();
    const ids = { runId, callId: 'c', grantId: 'g' };
    expect(errorCodes(await request(REPORT, app, { ...ids, output: {}, error: 'e' }))).toEqual([
      'BAD_USER_INPUT',
    ]);
    expect(errorCodes(await request(REPORT, app, ids))).toEqual(['BAD_USER_INPUT']);
  });

  it('given a reviewer or an admin key, then invoking tools is forbidden', async () => {
    const runId = await runningRun();
    const variables = { runId, tool: 'kv.get', version: '1', args: { key: 'k' } };
    expect(errorCodes(await request(INVOKE, reviewer, variables))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await request(INVOKE, admin, variables))).toEqual(['FORBIDDEN']);
  });
});

describe('a server without governance', () => {
  it('answers every governance field with GOVERNANCE_UNAVAILABLE', async () => {
    const bare = await openTestRuntime();
    try {
      const key = await bare.bearer('admin');
      const response = await graphqlRequest(bare.api.yoga, `{ tools { name } }`, { authorization: key });
      expect(errorCodes(response)).toEqual(['GOVERNANCE_UNAVAILABLE']);
      const publish = await graphqlRequest(bare.api.yoga, PUBLISH, {
        authorization: key,
        variables: { p: POLICIES },
      });
      expect(errorCodes(publish)).toEqual(['GOVERNANCE_UNAVAILABLE']);
    } finally {
      await bare.close();
    }
  });
});
