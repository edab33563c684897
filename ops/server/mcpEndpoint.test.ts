import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMcpGovernedFixture } from './testing/mcpGovernedFixture.js';
import type { McpGovernedFixture } from './testing/mcpGovernedFixture.js';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';

// MIR as an MCP server, end to end: the SDK's own client over Streamable HTTP against MIR's HTTP server on
// 127.0.0.1, over the governance the server composes (Cedar, ajv, built-in kv tools, the shipped risk classifier).

const DECIDE = `mutation($runId: ID!, $approvalId: ID!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: APPROVE, reason: "checked") {
    __typename ... on ApprovalDecision { outcome } } }`;

let f: McpGovernedFixture;
let app: Client;
beforeAll(async () => {
  f = await openMcpGovernedFixture();
  app = f.app;
});
afterAll(async () => f.close());

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
    const globex = await f.mcp.connect(await f.rt.bearer('app', 'globex'));
    const globexNames = (await globex.listTools()).tools.map((tool) => tool.name);
    expect(globexNames).toContain('kv.put');
    expect(globexNames).not.toContain('acme.lookup');
    const auditor = await f.mcp.connect(await f.rt.bearer('auditor'));
    expect((await auditor.listTools()).tools.map((tool) => tool.name)).toEqual(['mir.approval_status']);
  });
});

describe('governed calls through MCP', () => {
  it('given a running run, when the app puts and gets a key, then both completed and the ledger names the app key as actor', async () => {
    const runId = await f.runningRun();
    const put = await f.call(app, 'kv.put', { runId, args: { key: 'colour', value: 'teal' } });
    expect(put.isError).toBeFalsy();
    expect(put.structuredContent).toMatchObject({ outcome: 'completed', tool: 'kv.put' });
    const get = await f.call(app, 'kv.get', { runId, args: { key: 'colour' } });
    expect(get.structuredContent).toMatchObject({
      outcome: 'completed',
      output: { key: 'colour', current: { value: 'teal' } },
    });
    const events = await f.runEvents(runId);
    const completed = events.filter((event) => event.type === 'ToolCallCompleted');
    expect(completed.map((event) => event.id)).toEqual([
      (put.structuredContent.events as { id: string }[]).at(-1)!.id,
      (get.structuredContent.events as { id: string }[]).at(-1)!.id,
    ]);
    for (const event of events.filter((event) => event.type.startsWith('ToolCall')))
      expect(event.meta.actor).toEqual({ kind: 'service', id: f.appKey.keyId });
    expect(f.mcp.internalErrors).toEqual([]);
  });

  it('given a policy forbids the key, then the call is denied (isError) and ToolCallDenied is on the run', async () => {
    const runId = await f.runningRun();
    const denied = await f.call(app, 'kv.put', { runId, args: { key: 'secret-1', value: 'x' } });
    expect(denied.isError).toBe(true);
    expect(denied.structuredContent).toMatchObject({ outcome: 'denied', reason: 'POLICY_DENIED' });
    const types = (await f.runEvents(runId)).map((event) => event.type);
    expect(types).toEqual(expect.arrayContaining(['ToolCallRequested', 'PolicyDecided', 'ToolCallDenied']));
    expect(types).not.toContain('ToolCallCompleted');
  });

  it('given a gated call, when a reviewer grants it through GraphQL, then the resume through MCP runs once and a second resume is refused and recorded', async () => {
    const runId = await f.runningRun();
    const args = { key: 'prod-db', value: 'v2' };
    const pending = await f.call(app, 'kv.put', { runId, args });
    expect(pending.isError).toBeFalsy();
    expect(pending.structuredContent).toMatchObject({ outcome: 'pending_approval' });
    expect(pending.structuredContent.resume).toMatch(/approvalId/);
    const approvalId = pending.structuredContent.approvalId as string;
    const status = (await f.call(app, 'mir.approval_status', { runId, approvalId })).structuredContent;
    expect(status).toMatchObject({ status: 'pending', tool: { name: 'kv.put' } });
    const decided = await graphqlRequest(f.rt.api.yoga, DECIDE, {
      authorization: await f.rt.bearer('reviewer'),
      variables: { runId, approvalId },
    });
    expect(decided.data).toEqual({ decideApproval: { __typename: 'ApprovalDecision', outcome: 'granted' } });
    expect((await f.call(app, 'mir.approval_status', { runId, approvalId })).structuredContent.status).toBe(
      'granted',
    );
    const resumed = await f.call(app, 'kv.put', { runId, args, approvalId });
    expect(resumed.structuredContent).toMatchObject({ outcome: 'completed', output: { key: 'prod-db' } });
    const again = await f.call(app, 'kv.put', { runId, args, approvalId });
    expect(again.isError).toBe(true);
    expect(again.structuredContent).toMatchObject({ outcome: 'grant_refused', reason: 'GRANT_USED' });
    const types = (await f.runEvents(runId)).map((event) => event.type);
    expect(types.filter((type) => type === 'ToolCallCompleted')).toHaveLength(1);
    expect(types).toContain('ApprovalGrantRefused');
  });

  it('given a run of another tenant, then the call is RUN_NOT_FOUND exactly like a missing run, and recorded', async () => {
    const acmeRun = await f.runningRun();
    const globex = await f.mcp.connect(await f.rt.bearer('app', 'globex'));
    const before = (await f.refusalsOf('globex')).length;
    const foreign = await f.call(globex, 'kv.get', { runId: acmeRun, args: { key: 'colour' } });
    const missing = await f.call(globex, 'kv.get', {
      runId: '00000000-0000-4000-8000-000000000000',
      args: { key: 'colour' },
    });
    expect(foreign.isError).toBe(true);
    expect((foreign.structuredContent.error as Record<string, unknown>).code).toBe('RUN_NOT_FOUND');
    expect(Object.keys(foreign.structuredContent.error as Record<string, unknown>)).toEqual(
      Object.keys(missing.structuredContent.error as Record<string, unknown>),
    );
    const recorded = (await f.refusalsOf('globex')).slice(before);
    expect(recorded[0]).toMatchObject({
      type: 'AccessRefused',
      data: { action: 'mcp:kv.get', reason: 'NOT_FOUND', subject: acmeRun },
    });
    expect(
      (await f.runEvents(acmeRun)).filter((event) => event.meta.tenant !== 'acme').map((event) => event.id),
    ).toEqual([]);
  });

  it('given an auditor calling a write verb, then FORBIDDEN (isError) and AccessRefused names key, role and verb', async () => {
    const auditorKey = await f.rt.issue('auditor');
    const auditor = await f.mcp.connect(`Bearer ${auditorKey.token}`);
    const before = (await f.refusalsOf('acme')).length;
    const refused = await f.call(auditor, 'mir.start_run', { goal: 'g', agent: 'a' });
    expect(refused.isError).toBe(true);
    expect(refused.structuredContent.error).toMatchObject({ code: 'FORBIDDEN' });
    const [event] = (await f.refusalsOf('acme')).slice(before);
    expect(event).toMatchObject({
      type: 'AccessRefused',
      meta: { actor: { kind: 'service', id: auditorKey.keyId } },
      data: { action: 'mcp:mir.start_run', reason: 'FORBIDDEN', role: 'auditor', keyId: auditorKey.keyId },
    });
  });

  it('given a memory proposal and bad verb arguments, then MemoryProposed is recorded; bad arguments are BAD_USER_INPUT', async () => {
    const proposed = await f.call(app, 'mir.propose_memory', {
      type: 'fact',
      scope: 'tenant',
      content: 'the store keeps colours',
    });
    expect(proposed.structuredContent).toMatchObject({ status: 'proposed', replayed: false });
    const [event] = await f.rt.log.readStream(`memory-acme-${proposed.structuredContent.memoryId as string}`);
    expect(event).toMatchObject({ type: 'MemoryProposed', meta: { actor: { id: f.appKey.keyId } } });
    const bad = await f.call(app, 'mir.record_step', { runId: 'not-a-uuid', kind: 'k', summary: 's' });
    expect(bad.isError).toBe(true);
    expect(bad.structuredContent.error).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});
