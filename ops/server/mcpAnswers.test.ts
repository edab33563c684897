import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openMcpGovernedFixture } from './testing/mcpGovernedFixture.js';
import type { McpGovernedFixture } from './testing/mcpGovernedFixture.js';

// Every kind of answer a governed call over MCP gets: granted app-executed calls and their reports, schema
// refusals, idempotent retries and conflicts, a halted tenant, unknown tools, a tool that fails when it runs.

let f: McpGovernedFixture;
let app: Client;
beforeAll(async () => {
  f = await openMcpGovernedFixture();
  app = f.app;
});
afterAll(async () => f.close());

describe('every kind of answer', () => {
  it('given an app-executed tool, then granted, reported once through mir.record_tool_result (a reuse is refused and recorded); args off its schema are denied and recorded', async () => {
    const runId = await f.runningRun();
    const granted = await f.call(app, 'acme.lookup', { runId, args: { q: 'teal' } });
    expect(granted.isError).toBeFalsy();
    expect(granted.structuredContent).toMatchObject({ outcome: 'granted', tool: 'acme.lookup' });
    expect(granted.structuredContent.resume).toMatch(/mir\.record_tool_result/);
    const { callId, grantId } = granted.structuredContent as { callId: string; grantId: string };
    const report = { runId, callId, grantId, output: { hits: 3 } };
    const reported = await f.call(app, 'mir.record_tool_result', report);
    expect(reported.structuredContent).toMatchObject({ outcome: 'completed', callId, output: { hits: 3 } });
    const reused = await f.call(app, 'mir.record_tool_result', report);
    expect(reused.isError).toBe(true);
    expect(reused.structuredContent).toMatchObject({ outcome: 'refused', callId });
    const both = await f.call(app, 'mir.record_tool_result', { ...report, error: 'boom' });
    expect(both.structuredContent.error).toMatchObject({ code: 'BAD_USER_INPUT' });
    const invalid = await f.call(app, 'kv.put', { runId, args: { key: 7 } });
    expect(invalid.isError).toBe(true);
    expect(invalid.structuredContent).toMatchObject({ outcome: 'denied', reason: 'TOOL_ARGS_INVALID' });
    const types = (await f.runEvents(runId)).map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining(['ToolGrantIssued', 'ToolCallCompleted', 'ToolResultRefused', 'ToolCallDenied']),
    );
  });

  it('given an idempotency key, then a retry answers the recorded call; the key with other args is refused and recorded', async () => {
    const runId = await f.runningRun();
    const first = await f.call(app, 'kv.put', {
      runId,
      args: { key: 'k1', value: 'a' },
      idempotencyKey: 'put-k1',
    });
    const retry = await f.call(app, 'kv.put', {
      runId,
      args: { key: 'k1', value: 'a' },
      idempotencyKey: 'put-k1',
    });
    expect(retry.structuredContent).toMatchObject({
      outcome: 'completed',
      callId: first.structuredContent.callId,
    });
    const before = (await f.refusalsOf('acme')).length;
    const other = await f.call(app, 'kv.put', {
      runId,
      args: { key: 'k1', value: 'b' },
      idempotencyKey: 'put-k1',
    });
    expect(other.structuredContent.error).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    const recorded = (await f.refusalsOf('acme')).slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ data: { reason: 'IDEMPOTENCY_CONFLICT', subject: runId } });
    const completed = (await f.runEvents(runId)).filter((event) => event.type === 'ToolCallCompleted');
    expect(completed).toHaveLength(1);
  });

  it('given a halted tenant, then its run verb and tool call are TENANT_HALTED and the kill switch records both', async () => {
    const initech = await f.mcp.connect(await f.rt.bearer('app', 'initech'));
    const runId = await f.runningRun(initech);
    await f.rt.tenants.halt('initech', 'incident', {
      actor: { kind: 'user', id: 'operator' },
      tenant: 'initech',
    });
    const before = (await f.refusalsOf('initech')).length;
    const step = await f.call(initech, 'mir.record_step', { runId, kind: 'k', summary: 's' });
    const put = await f.call(initech, 'kv.put', { runId, args: { key: 'k', value: 'v' } });
    for (const answer of [step, put]) {
      expect(answer.isError).toBe(true);
      expect(answer.structuredContent.error).toMatchObject({ code: 'TENANT_HALTED' });
    }
    const recorded = (await f.refusalsOf('initech')).slice(before);
    expect(recorded.map((event) => event.type)).toEqual(['TenantActionRefused', 'TenantActionRefused']);
  });

  it('given a tool name the tenant does not have, then NOT_FOUND and AccessRefused names the tool', async () => {
    const runId = await f.runningRun();
    const before = (await f.refusalsOf('acme')).length;
    const unknown = await f.call(app, 'globex.secret', { runId, args: {} });
    expect(unknown.structuredContent.error).toMatchObject({ code: 'NOT_FOUND' });
    const recorded = (await f.refusalsOf('acme')).slice(before);
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({
      data: { action: 'mcp:globex.secret', reason: 'NOT_FOUND', subjects: [runId, 'globex.secret'] },
    });
    expect(f.mcp.internalErrors).toEqual([]);
  });

  it('given a tool that fails when it runs (a host off the allow-list), then failed (isError), ToolCallFailed recorded, and the server keeps serving', async () => {
    const runId = await f.runningRun();
    const failed = await f.call(app, 'http.get', { runId, args: { url: 'http://127.0.0.1:9/nothing' } });
    expect(failed.isError).toBe(true);
    expect(failed.structuredContent).toMatchObject({ outcome: 'failed', tool: 'http.get' });
    expect((await f.runEvents(runId)).map((event) => event.type)).toContain('ToolCallFailed');
    const after = await f.call(app, 'kv.get', { runId, args: { key: 'colour' } });
    expect(after.structuredContent).toMatchObject({ outcome: 'completed' });
    expect(f.mcp.internalErrors).toEqual([]);
  });
});
