import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/index.js';
import { PUBLISH } from '../../graphql/testing/governanceOperations.js';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';
import type { IssuedApiKey } from '../access/apiKeyService.js';
import { serveMcp } from './testing/mcpTestServer.js';
import type { McpTestServer } from './testing/mcpTestServer.js';

// MIR as an MCP server, end to end: the SDK's own client over Streamable HTTP against MIR's HTTP server on
// 127.0.0.1, over the governance the server composes (Cedar, ajv, built-in kv tools, the shipped risk classifier).

const POLICIES = `
@id("app-tools") @reason("apps may call tools")
permit(principal, action == Mir::Action::"invokeTool", resource) when { principal.role == "app" };

@id("no-secrets") @reason("secret keys are off limits")
forbid(principal, action, resource)
when { resource.name == "kv.put" && context.args.hasTag("key") && context.args.getTag("key") like "secret*" };

@id("prod-gate") @approval("required") @reason("prod keys need a human")
forbid(principal, action, resource)
when { resource.name == "kv.put" && context.args.hasTag("key") && context.args.getTag("key") like "prod*" };
`;

const DECIDE = `mutation($runId: ID!, $approvalId: ID!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: APPROVE, reason: "checked") {
    __typename ... on ApprovalDecision { outcome } } }`;

/** An app-executed read tool of acme's; registered as `acme.lookup`, and as `mir.start_run`, which the verb shadows. */
const REGISTER_ACME_TOOL = `mutation($name: String!) { registerTool(name: $name, version: "1",
  inputSchema: { type: "object", properties: { q: { type: "string" } } }, outputSchema: { type: "object" },
  sideEffect: read, timeoutMs: 1000, execution: app) { __typename } }`;

let rt: TestRuntime;
let mcp: McpTestServer;
let appKey: IssuedApiKey;
let app: Client;

beforeAll(async () => {
  rt = await openTestRuntime({ governance: true });
  const admin = await rt.bearer('admin');
  const published = await graphqlRequest(rt.api.yoga, PUBLISH, {
    authorization: admin,
    variables: { p: POLICIES },
  });
  const registered = await Promise.all(
    ['acme.lookup', 'mir.start_run'].map((name) =>
      graphqlRequest(rt.api.yoga, REGISTER_ACME_TOOL, { authorization: admin, variables: { name } }),
    ),
  );
  expect([published, ...registered].map((answer) => answer.errors)).toEqual([
    undefined,
    undefined,
    undefined,
  ]);
  mcp = await serveMcp(rt);
  appKey = await rt.issue('app');
  app = await mcp.connect(`Bearer ${appKey.token}`);
});
afterAll(async () => {
  await mcp.close();
  await rt.close();
});

type Structured = Record<string, unknown>;
const call = async (client: Client, name: string, args: Record<string, unknown>) =>
  (await client.callTool({ name, arguments: args })) as CallToolResult & { structuredContent: Structured };

async function runningRun(client: Client = app): Promise<string> {
  const started = await call(client, 'mir.start_run', { goal: 'tidy the store', agent: 'mcp-agent' });
  expect(started.isError).toBeFalsy();
  const runId = started.structuredContent.runId as string;
  await call(client, 'mir.record_step', { runId, kind: 'plan', summary: 'look first' });
  return runId;
}

const runEvents = (runId: string) => rt.log.readStream(`run-${runId}`);

async function refusalsOf(tenant: string): Promise<RecordedEvent[]> {
  await rt.refusals.flush();
  return rt.log.readStream(`refusals-${tenant}`);
}

describe('tools/list', () => {
  it('given an app key, then it sees the run verbs, memory, approval status and its tenant’s tools with the envelope, the verbs shadowing a tenant tool of the same name', async () => {
    const { tools } = await app.listTools();
    const names = tools.map((tool) => tool.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'mir.start_run',
        'mir.record_step',
        'mir.complete_run',
        'mir.propose_memory',
        'mir.record_tool_result',
        'mir.approval_status',
        'kv.get',
        'kv.put',
        'acme.lookup',
      ]),
    );
    expect(new Set(names).size).toBe(names.length);
    // acme's own `mir.start_run` is not offered: the name is MIR's verb.
    expect(tools.find((tool) => tool.name === 'mir.start_run')!.description).toMatch(/^Starts a run/);
    const put = tools.find((tool) => tool.name === 'kv.put')!;
    expect(put.inputSchema).toMatchObject({ type: 'object', required: ['runId', 'args'] });
    const args = put.inputSchema.properties?.args as { type?: string; required?: string[] };
    expect(args.type).toBe('object');
    expect(args.required).toContain('key');
    expect(put.inputSchema.properties).toHaveProperty('approvalId');
    expect(put.inputSchema.properties).toHaveProperty('idempotencyKey');
  });

  it('given another tenant’s app, then acme’s own tool is not listed; an auditor sees no write verb and no tool', async () => {
    const globex = await mcp.connect(await rt.bearer('app', 'globex'));
    const globexNames = (await globex.listTools()).tools.map((tool) => tool.name);
    expect(globexNames).toContain('kv.put');
    expect(globexNames).not.toContain('acme.lookup');
    const auditor = await mcp.connect(await rt.bearer('auditor'));
    expect((await auditor.listTools()).tools.map((tool) => tool.name)).toEqual(['mir.approval_status']);
  });
});

describe('governed calls through MCP', () => {
  it('given a running run, when the app puts and gets a key, then both completed and the ledger names the app key as actor', async () => {
    const runId = await runningRun();
    const put = await call(app, 'kv.put', { runId, args: { key: 'colour', value: 'teal' } });
    expect(put.isError).toBeFalsy();
    expect(put.structuredContent).toMatchObject({ outcome: 'completed', tool: 'kv.put' });
    const get = await call(app, 'kv.get', { runId, args: { key: 'colour' } });
    expect(get.structuredContent).toMatchObject({
      outcome: 'completed',
      output: { key: 'colour', current: { value: 'teal' } },
    });
    const events = await runEvents(runId);
    const completed = events.filter((event) => event.type === 'ToolCallCompleted');
    expect(completed.map((event) => event.id)).toEqual([
      (put.structuredContent.events as { id: string }[]).at(-1)!.id,
      (get.structuredContent.events as { id: string }[]).at(-1)!.id,
    ]);
    for (const event of events.filter((event) => event.type.startsWith('ToolCall')))
      expect(event.meta.actor).toEqual({ kind: 'service', id: appKey.keyId });
    expect(mcp.internalErrors).toEqual([]);
  });

  it('given a policy forbids the key, then the call is denied (isError) and ToolCallDenied is on the run', async () => {
    const runId = await runningRun();
    const denied = await call(app, 'kv.put', { runId, args: { key: 'secret-1', value: 'x' } });
    expect(denied.isError).toBe(true);
    expect(denied.structuredContent).toMatchObject({ outcome: 'denied', reason: 'POLICY_DENIED' });
    const types = (await runEvents(runId)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['ToolCallRequested', 'PolicyDecided', 'ToolCallDenied']));
    expect(types).not.toContain('ToolCallCompleted');
  });

  it('given a gated call, when a reviewer grants it through GraphQL, then the resume through MCP runs once and a second resume is refused and recorded', async () => {
    const runId = await runningRun();
    const args = { key: 'prod-db', value: 'v2' };
    const pending = await call(app, 'kv.put', { runId, args });
    expect(pending.isError).toBeFalsy();
    expect(pending.structuredContent).toMatchObject({ outcome: 'pending_approval' });
    expect(pending.structuredContent.resume).toMatch(/approvalId/);
    const approvalId = pending.structuredContent.approvalId as string;
    const status = (await call(app, 'mir.approval_status', { runId, approvalId })).structuredContent;
    expect(status).toMatchObject({ status: 'pending', tool: { name: 'kv.put' } });
    const decided = await graphqlRequest(rt.api.yoga, DECIDE, {
      authorization: await rt.bearer('reviewer'),
      variables: { runId, approvalId },
    });
    expect(decided.data).toEqual({ decideApproval: { __typename: 'ApprovalDecision', outcome: 'granted' } });
    expect((await call(app, 'mir.approval_status', { runId, approvalId })).structuredContent.status).toBe(
      'granted',
    );
    const resumed = await call(app, 'kv.put', { runId, args, approvalId });
    expect(resumed.structuredContent).toMatchObject({ outcome: 'completed', output: { key: 'prod-db' } });
    const again = await call(app, 'kv.put', { runId, args, approvalId });
    expect(again.isError).toBe(true);
    expect(again.structuredContent).toMatchObject({ outcome: 'grant_refused', reason: 'GRANT_USED' });
    const types = (await runEvents(runId)).map((event) => event.type);
    expect(types.filter((type) => type === 'ToolCallCompleted')).toHaveLength(1);
    expect(types).toContain('ApprovalGrantRefused');
  });

  it('given a run of another tenant, then the call is RUN_NOT_FOUND exactly like a missing run, and recorded', async () => {
    const acmeRun = await runningRun();
    const globex = await mcp.connect(await rt.bearer('app', 'globex'));
    const before = (await refusalsOf('globex')).length;
    const foreign = await call(globex, 'kv.get', { runId: acmeRun, args: { key: 'colour' } });
    const missing = await call(globex, 'kv.get', {
      runId: '00000000-0000-4000-8000-000000000000',
      args: { key: 'colour' },
    });
    expect(foreign.isError).toBe(true);
    expect((foreign.structuredContent.error as Structured).code).toBe('RUN_NOT_FOUND');
    expect(Object.keys(foreign.structuredContent.error as Structured)).toEqual(
      Object.keys(missing.structuredContent.error as Structured),
    );
    const recorded = (await refusalsOf('globex')).slice(before);
    expect(recorded[0]).toMatchObject({
      type: 'AccessRefused',
      data: { action: 'mcp:kv.get', reason: 'NOT_FOUND', subject: acmeRun },
    });
    expect(
      (await runEvents(acmeRun)).filter((event) => event.meta.tenant !== 'acme').map((event) => event.id),
    ).toEqual([]);
  });

  it('given an auditor calling a write verb, then FORBIDDEN (isError) and AccessRefused names key, role and verb', async () => {
    const auditorKey = await rt.issue('auditor');
    const auditor = await mcp.connect(`Bearer ${auditorKey.token}`);
    const before = (await refusalsOf('acme')).length;
    const refused = await call(auditor, 'mir.start_run', { goal: 'g', agent: 'a' });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent.error).toMatchObject({ code: 'FORBIDDEN' });
    const [event] = (await refusalsOf('acme')).slice(before);
    expect(event).toMatchObject({
      type: 'AccessRefused',
      meta: { actor: { kind: 'service', id: auditorKey.keyId } },
      data: { action: 'mcp:mir.start_run', reason: 'FORBIDDEN', role: 'auditor', keyId: auditorKey.keyId },
    });
  });

  it('given a memory proposal and bad verb arguments, then MemoryProposed is recorded; bad arguments are BAD_USER_INPUT', async () => {
    const proposed = await call(app, 'mir.propose_memory', {
      type: 'fact',
      scope: 'tenant',
      content: 'the store keeps colours',
    });
    expect(proposed.structuredContent).toMatchObject({ status: 'proposed', replayed: false });
    const [event] = await rt.log.readStream(`memory-acme-${proposed.structuredContent.memoryId as string}`);
    expect(event).toMatchObject({ type: 'MemoryProposed', meta: { actor: { id: appKey.keyId } } });
    const bad = await call(app, 'mir.record_step', { runId: 'not-a-uuid', kind: 'k', summary: 's' });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent.error).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('every kind of answer', () => {
  it('given an app-executed tool, then granted, reported once through mir.record_tool_result (a reuse is refused and recorded); args off its schema are denied and recorded', async () => {
    const runId = await runningRun();
    const granted = await call(app, 'acme.lookup', { runId, args: { q: 'teal' } });
    expect(granted.isError).toBeFalsy();
    expect(granted.structuredContent).toMatchObject({ outcome: 'granted', tool: 'acme.lookup' });
    expect(granted.structuredContent.resume).toMatch(/mir\.record_tool_result/);
    const { callId, grantId } = granted.structuredContent as { callId: string; grantId: string };
    const report = { runId, callId, grantId, output: { hits: 3 } };
    const reported = await call(app, 'mir.record_tool_result', report);
    expect(reported.structuredContent).toMatchObject({ outcome: 'completed', callId, output: { hits: 3 } });
    const reused = await call(app, 'mir.record_tool_result', report);
    expect(reused.isError).toBe(true);
    expect(reused.structuredContent).toMatchObject({ outcome: 'refused', callId });
    const both = await call(app, 'mir.record_tool_result', { ...report, error: 'boom' });
    expect(both.structuredContent.error).toMatchObject({ code: 'BAD_USER_INPUT' });
    const invalid = await call(app, 'kv.put', { runId, args: { key: 7 } });
    expect(invalid.isError).toBe(true);
    expect(invalid.structuredContent).toMatchObject({ outcome: 'denied', reason: 'TOOL_ARGS_INVALID' });
    const types = (await runEvents(runId)).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['ToolGrantIssued', 'ToolCallCompleted', 'ToolResultRefused', 'ToolCallDenied']),
    );
  });

  it('given an idempotency key, then a retry answers the recorded call; the key with other args is refused and recorded', async () => {
    const runId = await runningRun();
    const first = await call(app, 'kv.put', {
      runId,
      args: { key: 'k1', value: 'a' },
      idempotencyKey: 'put-k1',
    });
    const retry = await call(app, 'kv.put', {
      runId,
      args: { key: 'k1', value: 'a' },
      idempotencyKey: 'put-k1',
    });
    expect(retry.structuredContent).toMatchObject({
      outcome: 'completed',
      callId: first.structuredContent.callId,
    });
    const before = (await refusalsOf('acme')).length;
    const other = await call(app, 'kv.put', {
      runId,
      args: { key: 'k1', value: 'b' },
      idempotencyKey: 'put-k1',
    });
    expect(other.structuredContent.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    const recorded = (await refusalsOf('acme')).slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ data: { reason: 'IDEMPOTENCY_CONFLICT', subject: runId } });
    const completed = (await runEvents(runId)).filter((event) => event.type === 'ToolCallCompleted');
    expect(completed).toHaveLength(1);
  });

  it('given a halted tenant, then its run verb and tool call are TENANT_HALTED and the kill switch records both', async () => {
    const initech = await mcp.connect(await rt.bearer('app', 'initech'));
    const runId = await runningRun(initech);
    await rt.tenants.halt('initech', 'incident', {
      actor: { kind: 'user', id: 'operator' },
      tenant: 'initech',
    });
    const before = (await refusalsOf('initech')).length;
    const step = await call(initech, 'mir.record_step', { runId, kind: 'k', summary: 's' });
    const put = await call(initech, 'kv.put', { runId, args: { key: 'k', value: 'v' } });
    for (const answer of [step, put]) {
      expect(answer.isError).toBe(true);
      expect(answer.structuredContent.error).toMatchObject({ code: 'TENANT_HALTED' });
    }
    const recorded = (await refusalsOf('initech')).slice(before);
    expect(recorded.map((event) => event.type)).toEqual(['TenantActionRefused', 'TenantActionRefused']);
  });

  it('given a tool name the tenant does not have, then NOT_FOUND and AccessRefused names the tool', async () => {
    const runId = await runningRun();
    const before = (await refusalsOf('acme')).length;
    const unknown = await call(app, 'globex.secret', { runId, args: {} });
    expect(unknown.structuredContent.error).toMatchObject({ code: 'NOT_FOUND' });
    const recorded = (await refusalsOf('acme')).slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      data: { action: 'mcp:globex.secret', reason: 'NOT_FOUND', subjects: [runId, 'globex.secret'] },
    });
    expect(mcp.internalErrors).toEqual([]);
  });
});
