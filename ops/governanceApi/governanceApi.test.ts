import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphqlRequest, errorCodes } from '../../graphql/testing/graphqlRequest.js';
import type { GraphqlResponse } from '../../graphql/testing/graphqlRequest.js';
import { recordStep, startRun } from '../../graphql/testing/runOperations.js';
import {
  INVOKE,
  PAYMENT_GATE_POLICIES as POLICIES,
  PAYMENT_TOOL,
  PUBLISH,
  REGISTER_TOOL,
} from '../../graphql/testing/governanceOperations.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';

// The governance fields end to end: the API over the governance the server composes (SQLite-free in-memory
// ledger here, real Cedar, ajv, built-in kv tools, the shipped risk classifier on a CPU engine).

const REPORT = `mutation($runId: ID!, $callId: ID!, $grantId: ID!, $output: JSON, $error: String) {
  recordToolResult(runId: $runId, callId: $callId, grantId: $grantId, output: $output, error: $error) {
    __typename
    ... on ToolCallCompleted { output }
    ... on ToolCallFailed { reason message }
    ... on ToolResultRefused { reason }
    ... on Error { code }
  } }`;

const APPROVALS = `{ approvals { approvalId runId callId tool toolVersion argsDigest requestedBy expiresAt expired } }`;
const DECIDE = `mutation($runId: ID!, $approvalId: ID!, $decision: ApprovalDecisionInput!, $reason: String!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: $decision, reason: $reason) {
    __typename
    ... on ApprovalDecision { outcome reason events { id } }
    ... on Error { code message }
  } }`;

const PROPOSE = `mutation($type: MemoryType!, $scope: MemoryScope!, $scopeId: String, $content: String!,
  $provenance: [ID!]) {
  proposeMemory(type: $type, scope: $scope, scopeId: $scopeId, content: $content, provenance: $provenance) {
    __typename
    ... on MemoryPayload { memoryId status revision replayed events { id } }
    ... on MemoryInvalidError { code field reason }
    ... on Error { code message }
  } }`;
/** The selection of a memory command's result; `payload` is its success member. */
const memoryResult = (payload: string) => `
    __typename
    ${payload}
    ... on MemoryRefusedError { code reason eventId details }
    ... on MemoryNotFoundError { code memoryId }
    ... on Error { code message }`;
const MEMORY_RESULT = memoryResult('... on MemoryPayload { memoryId status revision events { id } }');
const REVIEW = `mutation($id: ID!, $decision: MemoryReviewDecision!, $reason: String!) {
  reviewMemory(memoryId: $id, decision: $decision, reason: $reason) { ${MEMORY_RESULT} } }`;
const APPLY = `mutation($runId: ID!, $id: ID!) { applyMemory(runId: $runId, memoryId: $id) {
  ${memoryResult('... on ApplyMemoryPayload { runId memoryId events { id } }')} } }`;
const RETRACT = `mutation($id: ID!, $reason: String!) { retractMemory(memoryId: $id, reason: $reason) {
  ${MEMORY_RESULT} } }`;
const MEMORIES = `query($text: String, $forUse: Boolean, $status: MemoryStatus) {
  memories(text: $text, forUse: $forUse, status: $status, first: 50) {
    edges { node { id type scope content status proposedBy reviewedBy appliedCount } } } }`;
const SIMILAR = `query($text: String!, $forUse: Boolean) { similarMemories(text: $text, k: 5, forUse: $forUse) {
  score memory { id content } } }`;

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
  const payment = PAYMENT_TOOL;

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

describe('tools belong to the tenant that registers them', () => {
  const lookup = {
    name: 'crm.lookup',
    version: '1',
    input: { type: 'object' },
    side: 'read',
    execution: 'app',
  };
  const names = (tools: unknown) => (tools as { name: string }[]).map((tool) => tool.name);

  it("given acme's tool, then globex neither lists nor calls it (answered like an unknown tool), and registers the same name as its own", async () => {
    field(await request(REGISTER_TOOL, admin, lookup), 'registerTool');
    const [globexAdmin, globexApp, globexAuditor] = await Promise.all([
      rt.bearer('admin', 'globex'),
      rt.bearer('app', 'globex'),
      rt.bearer('auditor', 'globex'),
    ]);
    expect(field(await request(`{ tools(name: "crm.lookup") { name } }`, globexAuditor), 'tools')).toEqual(
      [],
    );
    const listed = names(field(await request(`{ tools { name builtIn } }`, globexAuditor), 'tools'));
    expect(listed).toContain('kv.put');
    expect(listed).not.toContain('crm.lookup');
    expect(listed).not.toContain('acme.pay');

    const { run } = await startRun(rt.api.yoga, globexApp);
    const call = (tool: string) =>
      request(INVOKE, globexApp, { runId: run.id, tool, version: '1', args: {} });
    const theirs = field(await call('crm.lookup'), 'invokeTool');
    const unknown = field(await call('crm.never'), 'invokeTool');
    const shape = (denied: Record<string, unknown>, tool: string) => ({
      ...denied,
      callId: 'id',
      events: (denied.events as unknown[]).length,
      message: (denied.message as string).replace(tool, '<tool>'),
      details: { ...(denied.details as object), tool: '<tool>' },
    });
    expect(shape(theirs, 'crm.lookup')).toEqual(shape(unknown, 'crm.never'));
    expect(theirs).toMatchObject({ __typename: 'ToolCallDenied', reason: 'TOOL_UNKNOWN', events: [{}, {}] });
    const denials = await rt.log.readStream(`run-${run.id}`);
    expect(denials.filter((event) => event.type === 'ToolCallDenied')).toHaveLength(2);

    const own = field(
      await request(REGISTER_TOOL, globexAdmin, { ...lookup, side: 'irreversible' }),
      'registerTool',
    );
    expect(own).toMatchObject({ alreadyRegistered: false, tool: { sideEffect: 'irreversible' } });
    const mine = field(
      await request(`{ tools(name: "crm.lookup") { sideEffect builtIn } }`, auditor),
      'tools',
    );
    expect(mine).toEqual([{ sideEffect: 'read', builtIn: false }]);
  });

  it("given a built-in's name, when a tenant's admin registers a tool under it, then ToolNameReservedError and nothing is recorded", async () => {
    const head = await rt.log.headPosition();
    const reserved = field(
      await request(REGISTER_TOOL, admin, { ...lookup, name: 'kv.put' }),
      'registerTool',
    );
    expect(reserved).toEqual({
      __typename: 'ToolNameReservedError',
      code: 'TOOL_NAME_RESERVED',
      name: 'kv.put',
    });
    expect(await rt.log.headPosition()).toBe(head);
    const builtIn = field(await request(`{ tools(name: "kv.put") { builtIn } }`, auditor), 'tools');
    expect(builtIn).toEqual([{ builtIn: true }]);
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

describe('approvals and decideApproval', () => {
  /** A call of the gated `acme.pay` (registered above) waiting for approval. */
  async function gatedCall(amount: number) {
    const runId = await runningRun();
    const variables = { runId, tool: 'acme.pay', version: '1', args: { amount } };
    const pending = field(await request(INVOKE, app, variables), 'invokeTool');
    expect(pending.__typename).toBe('ToolCallPendingApproval');
    return { variables, runId, approvalId: pending.approvalId as string, callId: pending.callId as string };
  }

  it('given a gated call, when a reviewer approves it, then the call resumes with its approvalId and completes; the grant works once', async () => {
    const call = await gatedCall(25);
    const queue = field(await request(APPROVALS, reviewer), 'approvals') as unknown as Record<
      string,
      unknown
    >[];
    expect(queue.find((approval) => approval.approvalId === call.approvalId)).toMatchObject({
      runId: call.runId,
      callId: call.callId,
      tool: 'acme.pay',
      toolVersion: '1',
      expired: false,
    });
    const decided = field(
      await request(DECIDE, reviewer, { ...call, decision: 'APPROVE', reason: 'looks right' }),
      'decideApproval',
    );
    expect(decided).toMatchObject({ __typename: 'ApprovalDecision', outcome: 'granted', reason: 'APPROVED' });
    expect((decided.events as unknown[]).length).toBeGreaterThan(0);
    const queueAfter = field(await request(APPROVALS, auditor), 'approvals') as unknown as {
      approvalId: string;
    }[];
    expect(queueAfter.map((approval) => approval.approvalId)).not.toContain(call.approvalId);

    const resumed = field(
      await request(INVOKE, app, { ...call.variables, approvalId: call.approvalId }),
      'invokeTool',
    );
    expect(resumed.__typename).toBe('ToolCallGranted');
    const report = {
      runId: call.runId,
      callId: resumed.callId,
      grantId: resumed.grantId,
      output: { paid: true },
    };
    expect(field(await request(REPORT, app, report), 'recordToolResult')).toEqual({
      __typename: 'ToolCallCompleted',
      output: { paid: true },
    });

    const reused = field(
      await request(INVOKE, app, { ...call.variables, approvalId: call.approvalId }),
      'invokeTool',
    );
    expect(reused.__typename).toBe('ToolGrantRefused');
  });

  it('given a reviewer rejects, then the outcome is recorded as rejected and deciding again is a recorded refusal', async () => {
    const call = await gatedCall(30);
    const rejected = field(
      await request(DECIDE, reviewer, { ...call, decision: 'REJECT', reason: 'too much' }),
      'decideApproval',
    );
    expect(rejected).toMatchObject({ outcome: 'denied' });
    const again = field(
      await request(DECIDE, reviewer, { ...call, decision: 'APPROVE', reason: 'changed my mind' }),
      'decideApproval',
    );
    expect(again).toMatchObject({ __typename: 'ApprovalDecision', outcome: 'refused' });
  });

  it('given the requesting app or an admin, then deciding is forbidden; apps may not read the queue', async () => {
    const call = await gatedCall(40);
    const variables = { ...call, decision: 'APPROVE', reason: 'self' };
    expect(errorCodes(await request(DECIDE, app, variables))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await request(DECIDE, admin, variables))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await request(APPROVALS, app))).toEqual(['FORBIDDEN']);
  });

  it('given a blank reason, then ApprovalInvalidError and nothing recorded; an unknown approval is a recorded refusal', async () => {
    const call = await gatedCall(50);
    const blank = field(
      await request(DECIDE, reviewer, { ...call, decision: 'APPROVE', reason: '   ' }),
      'decideApproval',
    );
    expect(blank).toMatchObject({ __typename: 'ApprovalInvalidError', code: 'APPROVAL_INVALID_COMMAND' });
    const unknown = field(
      await request(DECIDE, reviewer, { ...call, approvalId: 'nope', decision: 'APPROVE', reason: 'ok' }),
      'decideApproval',
    );
    expect(unknown).toMatchObject({ outcome: 'refused', reason: 'APPROVAL_UNKNOWN' });
  });

  it("given another tenant's reviewer, then it sees none of acme's approvals and its decisions find no run", async () => {
    const call = await gatedCall(60);
    const globex = await rt.bearer('reviewer', 'globex');
    expect(field(await request(APPROVALS, globex), 'approvals')).toEqual([]);
    const decided = field(
      await request(DECIDE, globex, { ...call, decision: 'APPROVE', reason: 'ok' }),
      'decideApproval',
    );
    expect(decided).toMatchObject({ __typename: 'RunNotFoundError' });
  });
});

describe('memory', () => {
  const ids = (connection: unknown) =>
    (connection as { edges: { node: { id: string } }[] }).edges.map((edge) => edge.node.id);
  const propose = async (content: string) => {
    const proposed = field(
      await request(PROPOSE, app, { type: 'fact', scope: 'tenant', content }),
      'proposeMemory',
    );
    expect(proposed).toMatchObject({ __typename: 'MemoryPayload', status: 'proposed', replayed: false });
    return proposed.memoryId as string;
  };

  it('given a proposal, when a reviewer approves it, then forUse lists it, similarity finds it and apply records on the run', async () => {
    const memoryId = await propose('The vault code is kept in the blue binder');
    expect(ids(field(await request(MEMORIES, auditor, { forUse: true }), 'memories'))).not.toContain(
      memoryId,
    );
    const reviewed = field(
      await request(REVIEW, reviewer, { id: memoryId, decision: 'APPROVE', reason: 'verified' }),
      'reviewMemory',
    );
    expect(reviewed).toMatchObject({ __typename: 'MemoryPayload', memoryId, status: 'approved' });
    const usable = field(await request(MEMORIES, app, { forUse: true }), 'memories');
    expect(ids(usable)).toContain(memoryId);
    expect(ids(field(await request(MEMORIES, reviewer, { text: 'binder' }), 'memories'))).toEqual([memoryId]);
    const similar = field(
      await request(SIMILAR, app, { text: 'where is the vault code?' }),
      'similarMemories',
    );
    expect((similar as unknown as { memory: { id: string } }[]).map((hit) => hit.memory.id)).toContain(
      memoryId,
    );

    const runId = await runningRun();
    const applied = field(await request(APPLY, app, { runId, id: memoryId }), 'applyMemory');
    expect(applied).toMatchObject({ __typename: 'ApplyMemoryPayload', runId, memoryId });
    const events = field(
      await request(
        `query($id: ID!) { events(runId: $id, first: 50) { edges { node { type } } } }`,
        auditor,
        {
          id: runId,
        },
      ),
      'events',
    ) as unknown as { edges: { node: { type: string } }[] };
    expect(events.edges.map((edge) => edge.node.type)).toContain('MemoryApplied');
  });

  it('given the proposer or an admin, then reviewing is forbidden by role; a second review is a recorded refusal', async () => {
    // Self-review is refused by principal (MEMORY_SELF_REVIEW, domain tests); through the API a key has one role,
    // so the proposer's app key cannot reach the review at all.
    const memoryId = await propose('Prefer short answers');
    const approve = { id: memoryId, decision: 'APPROVE', reason: 'mine' };
    expect(errorCodes(await request(REVIEW, app, approve))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await request(REVIEW, admin, approve))).toEqual(['FORBIDDEN']);
    field(await request(REVIEW, reviewer, { ...approve, decision: 'REJECT' }), 'reviewMemory');
    const again = field(await request(REVIEW, reviewer, approve), 'reviewMemory');
    expect(again).toMatchObject({
      __typename: 'MemoryRefusedError',
      code: 'MEMORY_ALREADY_REVIEWED',
      reason: 'MEMORY_ALREADY_REVIEWED',
    });
    expect(typeof again.eventId).toBe('string');
  });

  it('given unapproved or retracted memory, then apply is a recorded refusal with its eventId', async () => {
    const memoryId = await propose('Unreviewed fact');
    const runId = await runningRun();
    const notApproved = field(await request(APPLY, app, { runId, id: memoryId }), 'applyMemory');
    expect(notApproved).toMatchObject({ __typename: 'MemoryRefusedError', code: 'MEMORY_NOT_APPROVED' });
    expect(typeof notApproved.eventId).toBe('string');

    field(
      await request(REVIEW, reviewer, { id: memoryId, decision: 'APPROVE', reason: 'ok' }),
      'reviewMemory',
    );
    const retracted = field(await request(RETRACT, app, { id: memoryId, reason: 'stale' }), 'retractMemory');
    expect(retracted).toMatchObject({ __typename: 'MemoryPayload', status: 'retracted' });
    expect(ids(field(await request(MEMORIES, app, { forUse: true }), 'memories'))).not.toContain(memoryId);
    const refused = field(await request(APPLY, app, { runId, id: memoryId }), 'applyMemory');
    expect(refused).toMatchObject({ __typename: 'MemoryRefusedError', code: 'MEMORY_RETRACTED' });
  });

  it('given an invalid proposal, then MemoryInvalidError names the field and nothing is recorded', async () => {
    const invalid = field(
      await request(PROPOSE, app, {
        type: 'episode',
        scope: 'run',
        scopeId: 'r',
        content: 'x',
        provenance: [],
      }),
      'proposeMemory',
    );
    expect(invalid).toMatchObject({ __typename: 'MemoryInvalidError', code: 'MEMORY_INVALID_COMMAND' });
    expect(
      errorCodes(await request(PROPOSE, reviewer, { type: 'fact', scope: 'tenant', content: 'x' })),
    ).toEqual(['FORBIDDEN']);
  });

  it("given provenance, then the tenant's run event is accepted; an unknown or another tenant's id is refused alike", async () => {
    const memory = { type: 'episode', scope: 'tenant', content: 'The summariser read the report.' };
    const source = (await startRun(rt.api.yoga, app)).events[0]!;
    expect(source.type).toBe('RunStarted');
    expect(
      field(await request(PROPOSE, app, { ...memory, provenance: [source.id] }), 'proposeMemory'),
    ).toMatchObject({ __typename: 'MemoryPayload', status: 'proposed' });
    const foreign = (await startRun(rt.api.yoga, await rt.bearer('app', 'globex'))).events[0]!.id;
    for (const id of ['no-such-event', foreign])
      expect(field(await request(PROPOSE, app, { ...memory, provenance: [id] }), 'proposeMemory')).toEqual({
        __typename: 'MemoryInvalidError',
        code: 'MEMORY_INVALID_COMMAND',
        field: 'provenance',
        reason: `names an unknown event: "${id}"`,
        message: `provenance names an unknown event: "${id}"`,
      });
  });

  it('given hostile search text, then the queries answer without errors', async () => {
    for (const text of [
      '"unbalanced',
      'a OR b NEAR(c) NOT *',
      "'; DROP TABLE memories; --",
      '^col:x',
      ')(',
      '',
    ]) {
      const listed = await request(MEMORIES, app, { text });
      expect(listed.errors).toBeUndefined();
      if (text !== '') expect((await request(SIMILAR, app, { text })).errors).toBeUndefined();
    }
  });

  it("given another tenant, then it sees none of acme's memory and acme's ids do not exist for it", async () => {
    const memoryId = await propose('acme only');
    const globexReviewer = await rt.bearer('reviewer', 'globex');
    const globexApp = await rt.bearer('app', 'globex');
    expect(ids(field(await request(MEMORIES, globexApp, {}), 'memories'))).toEqual([]);
    expect(field(await request(SIMILAR, globexApp, { text: 'acme only' }), 'similarMemories')).toEqual([]);
    const review = { id: memoryId, decision: 'APPROVE', reason: 'x' };
    expect(field(await request(REVIEW, globexReviewer, review), 'reviewMemory')).toMatchObject({
      __typename: 'MemoryNotFoundError',
    });
    const { run } = await startRun(rt.api.yoga, globexApp);
    expect(
      field(await request(APPLY, globexApp, { runId: run.id, id: memoryId }), 'applyMemory'),
    ).toMatchObject({
      __typename: 'MemoryNotFoundError',
    });
  });
});

describe('haltTenant, resumeTenant and tenantStatus', () => {
  const STATUS = `{ tenantStatus { tenant halted haltedBy reason haltedAt } }`;
  const HALT = `mutation($r: String!) { haltTenant(reason: $r) { tenant halted reason } }`;
  const RESUME = `mutation($r: String!) { resumeTenant(reason: $r) { tenant halted reason } }`;

  it('given an admin halts its tenant, then its commands are refused with TENANT_HALTED until it resumes', async () => {
    // A tenant of its own, so no other test finds acme halted.
    const [initechAdmin, initechApp, initechAuditor] = await Promise.all([
      rt.bearer('admin', 'initech'),
      rt.bearer('app', 'initech'),
      rt.bearer('auditor', 'initech'),
    ]);
    const { run } = await startRun(rt.api.yoga, initechApp);
    const call = { runId: run.id, tool: 'kv.get', version: '1', args: { key: 'k' } };
    const memory = { type: 'fact', scope: 'tenant', content: 'halted?' };
    expect(field(await request(STATUS, initechAuditor), 'tenantStatus')).toEqual({
      tenant: 'initech',
      halted: false,
      haltedBy: null,
      reason: null,
      haltedAt: null,
    });

    expect(field(await request(HALT, initechAdmin, { r: 'incident 42' }), 'haltTenant')).toEqual({
      tenant: 'initech',
      halted: true,
      reason: 'incident 42',
    });
    expect(field(await request(STATUS, initechAuditor), 'tenantStatus')).toMatchObject({
      halted: true,
      reason: 'incident 42',
    });
    expect(errorCodes(await request(INVOKE, initechApp, call))).toEqual(['TENANT_HALTED']);
    expect(errorCodes(await request(PROPOSE, initechApp, memory))).toEqual(['TENANT_HALTED']);
    // Each refusal is evidence: the auditor reads who tried what, under which halt.
    await rt.deps.waitForProjection((await rt.log.headPosition())!);
    const REFUSALS = `{ events(first: 10, type: "TenantActionRefused") { edges { node { actor { id } data } } } }`;
    const refusals = field(await request(REFUSALS, initechAuditor), 'events') as unknown as {
      edges: { node: { data: { action: string; subject: string | null; haltReason: string } } }[];
    };
    expect(
      refusals.edges.map(({ node }) => [node.data.action, node.data.subject, node.data.haltReason]),
    ).toEqual([
      ['InvokeTool', run.id, 'incident 42'],
      ['ProposeMemory', null, 'incident 42'],
    ]);
    // acme is not affected.
    expect(field(await request(STATUS, auditor), 'tenantStatus')).toMatchObject({
      tenant: 'acme',
      halted: false,
    });

    expect(field(await request(RESUME, initechAdmin, { r: 'resolved' }), 'resumeTenant')).toMatchObject({
      halted: false,
    });
    expect(field(await request(INVOKE, initechApp, call), 'invokeTool')).toMatchObject({
      __typename: 'ToolCallDenied',
    });
    expect(field(await request(PROPOSE, initechApp, memory), 'proposeMemory')).toMatchObject({
      __typename: 'MemoryPayload',
    });
  });

  it('given an app, a reviewer or a blank reason, then halting is refused', async () => {
    expect(errorCodes(await request(HALT, app, { r: 'x' }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await request(RESUME, reviewer, { r: 'x' }))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await request(STATUS, reviewer))).toEqual(['FORBIDDEN']);
    expect(errorCodes(await request(HALT, admin, { r: '   ' }))).toEqual(['BAD_USER_INPUT']);
    expect(field(await request(STATUS, admin), 'tenantStatus')).toMatchObject({ halted: false });
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
      for (const query of [
        `{ approvals { approvalId } }`,
        `{ memories { edges { cursor } } }`,
        `{ tenantStatus { halted } }`,
      ]) {
        const answer = await graphqlRequest(bare.api.yoga, query, { authorization: key });
        expect(errorCodes(answer)).toEqual(['GOVERNANCE_UNAVAILABLE']);
      }
    } finally {
      await bare.close();
    }
  });
});
