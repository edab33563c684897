import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';
import type { IssuedApiKey } from '../access/apiKeyService.js';
import { serveMcp } from './testing/mcpTestServer.js';
import type { McpTestServer } from './testing/mcpTestServer.js';

// /mcp before MCP is spoken: who may talk to it, and what a malformed request gets (the server keeps serving).

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};

let rt: TestRuntime;
let mcp: McpTestServer;
let appKey: IssuedApiKey;

beforeAll(async () => {
  rt = await openTestRuntime();
  mcp = await serveMcp(rt);
  appKey = await rt.issue('app');
});
afterAll(async () => {
  await mcp.close();
  await rt.close();
});

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(mcp.mcpUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      ...headers,
    },
    body,
  });

describe('the endpoint', () => {
  it('given no key, a malformed key, an unknown key or a revoked key, then 401 with a JSON-RPC error and nothing recorded', async () => {
    const revoked = await rt.issue('app');
    await rt.keys.revoke(revoked.keyId, 'leaked', { kind: 'user', id: 'test-operator' });
    const head = await rt.log.headPosition();
    for (const authorization of [null, 'Basic abc', 'Bearer mir_nope', `Bearer ${revoked.token}`]) {
      const response = await post(
        JSON.stringify(INITIALIZE),
        authorization === null ? {} : { authorization },
      );
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
      expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32001 }, id: null });
    }
    await rt.refusals.flush();
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('given malformed JSON, a non-JSON-RPC body, an oversized body, a GET or a DELETE, then an error answer and the server keeps serving', async () => {
    const authorization = `Bearer ${appKey.token}`;
    const garbage = await post('{"jsonrpc": "2.0", "method"', { authorization });
    expect(garbage.status).toBe(400);
    expect(await garbage.json()).toMatchObject({ error: { code: -32700 } });
    expect((await post('{"hello": "world"}', { authorization })).status).toBe(400);
    const oversized = await post(JSON.stringify({ ...INITIALIZE, pad: 'x'.repeat(70_000) }), {
      authorization,
    });
    expect(oversized.status).toBe(413);
    const get = await fetch(mcp.mcpUrl, { headers: { authorization, accept: 'text/event-stream' } });
    expect(get.status).toBe(405);
    expect((await fetch(mcp.mcpUrl, { method: 'DELETE', headers: { authorization } })).status).toBe(405);
    expect((await (await mcp.connect(authorization)).listTools()).tools.length).toBeGreaterThan(0);
  });
});

describe('a ledger that is away', () => {
  it('given the ledger closed under the server, then 503 LEDGER_UNAVAILABLE as a JSON-RPC error, not a crash', async () => {
    const down = await openTestRuntime();
    const server = await serveMcp(down);
    const key = await down.issue('app');
    await down.log.close();
    const response = await fetch(server.mcpUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        authorization: `Bearer ${key.token}`,
      },
      body: JSON.stringify(INITIALIZE),
    });
    expect(response.status).toBe(503);
    expect(await response.json()).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32000, message: /retry/ },
    });
    await server.close();
    await down.close().catch(() => undefined);
  });
});
