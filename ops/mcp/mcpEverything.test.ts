import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpServerStream } from '../../domain/index.js';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';
import {
  call,
  callEvents,
  freshRun,
  mcpSetUp,
  registerMcp,
  SERVERS,
  versionOf,
} from './testing/mcpTestKit.js';

// MIR as an MCP client against @modelcontextprotocol/server-everything from npm: over stdio (MIR spawns it) and
// over Streamable HTTP (a child process serving it on a port the kernel picked), through the GraphQL API.

const SECRET = 'mcp-env-secret-value-7f3a';
let rt: TestRuntime;
let keys: { admin: string; app: string };
let http: ChildProcess;
let httpUrl: string;
const dir = mkdtempSync(join(tmpdir(), 'mir-mcp-everything-'));

beforeAll(async () => {
  process.env.MIR_TEST_MCP_ENV = SECRET;
  rt = await openTestRuntime({ governance: true });
  keys = await mcpSetUp(rt);
  http = spawn(process.execPath, [SERVERS.everythingHttpHost], {
    env: { ...process.env, MCP_TEST_TOKEN: 'http-token-9c1e' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const lines = createInterface({ input: http.stdout! })[Symbol.asyncIterator]();
  const first = String((await lines.next()).value);
  httpUrl = `http://127.0.0.1:${(JSON.parse(first) as { port: number }).port}/mcp`;
});
afterAll(async () => {
  await rt.close();
  http.kill();
  rmSync(dir, { recursive: true, force: true });
  delete process.env.MIR_TEST_MCP_ENV;
});

describe('server-everything over stdio', () => {
  let registered: Record<string, unknown>;

  beforeAll(async () => {
    registered = await registerMcp(rt, keys.admin, {
      name: 'everything',
      transport: { stdio: { ...SERVERS.everything, env: ['MIR_TEST_MCP_ENV'] } },
      side: 'read',
    });
  });

  it('when registered, then each tool is a MIR tool mcp.everything.<tool>, versioned by its definition digest, executed by MIR', () => {
    expect(registered.__typename).toBe('RegisterMcpServerPayload');
    const tools = registered.tools as {
      name: string;
      version: string;
      execution: string;
      sideEffect: string;
    }[];
    const echo = tools.find((tool) => tool.name === 'mcp.everything.echo')!;
    expect(echo).toMatchObject({ execution: 'mcp', sideEffect: 'read' });
    expect(echo.version).toMatch(/^d[0-9a-f]{12}$/);
    expect(tools.map((tool) => tool.name)).toContain('mcp.everything.get-sum');
    // The draft-07 schema the server publishes is imported as draft 2020-12 with the same constraints.
    const input = (registered.tools as { name: string; inputSchema: Record<string, unknown> }[]).find(
      (tool) => tool.name === 'mcp.everything.echo',
    )!.inputSchema;
    expect(input).toEqual({
      type: 'object',
      properties: { message: { type: 'string', description: 'Message to echo' } },
      required: ['message'],
    });
  });

  it('then McpServerRegistered names the environment variable, never its value', async () => {
    const [event] = await rt.log.readStream(mcpServerStream('acme', 'everything'));
    expect(event!.type).toBe('McpServerRegistered');
    const data = event!.data as { transport: unknown; toolsDigest: string };
    expect(data.transport).toMatchObject({ stdio: { env: ['MIR_TEST_MCP_ENV'] } });
    expect(data.toolsDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(JSON.stringify(event!.data)).not.toContain(SECRET);
  });

  it('when the same registration comes again, then nothing new is recorded', async () => {
    const again = await registerMcp(rt, keys.admin, {
      name: 'everything',
      transport: { stdio: { ...SERVERS.everything, env: ['MIR_TEST_MCP_ENV'] } },
      side: 'read',
    });
    expect(again.alreadyRegistered).toBe(true);
    expect(await rt.log.readStream(mcpServerStream('acme', 'everything'))).toHaveLength(1);
  });

  it('when an app calls echo, then the call is governed and recorded with the CallToolResult as output', async () => {
    const runId = await freshRun(rt, keys.app);
    const version = versionOf(registered, 'echo');
    const result = await call(rt, keys.app, {
      runId,
      tool: 'mcp.everything.echo',
      version,
      args: { message: 'hi' },
    });
    expect(result).toMatchObject({
      __typename: 'ToolCallCompleted',
      output: { content: [{ type: 'text', text: 'Echo: hi' }], isError: false },
    });
    const events = await callEvents(rt, runId);
    expect(events.map((event) => event.type)).toEqual([
      'ToolCallRequested',
      'PolicyDecided',
      'ToolCallCompleted',
    ]);
    expect(events[2]!.data).toMatchObject({ output: result.output });
  });

  it('when args break the published schema, then the call is denied before the server sees it, and recorded', async () => {
    const runId = await freshRun(rt, keys.app);
    const version = versionOf(registered, 'get-sum');
    const result = await call(rt, keys.app, {
      runId,
      tool: 'mcp.everything.get-sum',
      version,
      args: { a: 1, b: 'two' },
    });
    expect(result).toMatchObject({ __typename: 'ToolCallDenied', reason: 'TOOL_ARGS_INVALID' });
    expect((await callEvents(rt, runId)).map((event) => event.type)).toEqual([
      'ToolCallRequested',
      'ToolCallDenied',
    ]);
    const sum = await call(rt, keys.app, {
      runId,
      tool: 'mcp.everything.get-sum',
      version,
      args: { a: 2, b: 3 },
    });
    expect(JSON.stringify(sum.output)).toContain('5');
  });

  it("when the server is given the named variable, then it has the value of MIR's own environment", async () => {
    const runId = await freshRun(rt, keys.app);
    const version = versionOf(registered, 'get-env');
    const result = await call(rt, keys.app, { runId, tool: 'mcp.everything.get-env', version, args: {} });
    expect(JSON.stringify(result.output)).toContain(SECRET);
  });

  it('then mcpServers lists the server with its tools and no change noticed', async () => {
    const response = await graphqlRequest<{
      mcpServers: { name: string; tools: unknown[]; changes: unknown[] }[];
    }>(rt.api.yoga, `{ mcpServers { name tools { name } changes { mcpName } } }`, {
      authorization: keys.app,
    });
    const server = response.data!.mcpServers.find((entry) => entry.name === 'everything')!;
    expect(server.tools.length).toBeGreaterThan(5);
    expect(server.changes).toEqual([]);
  });
});

describe('server-everything over Streamable HTTP', () => {
  it('given the bearer token in an owner-only file, when registered and called, then the call completes', async () => {
    const tokenFile = join(dir, 'token');
    writeFileSync(tokenFile, 'http-token-9c1e\n', { mode: 0o600 });
    const registered = await registerMcp(rt, keys.admin, {
      name: 'remote',
      transport: { url: httpUrl, bearerTokenFile: tokenFile },
      overrides: [{ tool: 'echo', sideEffect: 'read' }],
    });
    expect(registered.__typename).toBe('RegisterMcpServerPayload');
    const tools = registered.tools as { name: string; sideEffect: string }[];
    expect(tools.find((tool) => tool.name === 'mcp.remote.echo')!.sideEffect).toBe('read');
    expect(tools.find((tool) => tool.name === 'mcp.remote.get-sum')!.sideEffect).toBe('irreversible');
    const runId = await freshRun(rt, keys.app);
    const version = versionOf(registered, 'echo');
    const result = await call(rt, keys.app, {
      runId,
      tool: 'mcp.remote.echo',
      version,
      args: { message: 'over http' },
    });
    expect(result).toMatchObject({ output: { content: [{ type: 'text', text: 'Echo: over http' }] } });
    const [event] = await rt.log.readStream(mcpServerStream('acme', 'remote'));
    expect(JSON.stringify(event!.data)).not.toContain('http-token-9c1e');
  });

  it('given a token file others may read, then the registration is refused and nothing recorded', async () => {
    const tokenFile = join(dir, 'open-token');
    writeFileSync(tokenFile, 'http-token-9c1e\n');
    chmodSync(tokenFile, 0o644);
    const refused = await registerMcp(rt, keys.admin, {
      name: 'leaky',
      transport: { url: httpUrl, bearerTokenFile: tokenFile },
    });
    expect(refused).toMatchObject({ __typename: 'McpServerUnreachableError', code: 'MCP_TOKEN_UNREADABLE' });
    expect(await rt.log.readStream(mcpServerStream('acme', 'leaky'))).toEqual([]);
  });

  it('given no token, then the server answers 401 and the registration is MCP_SERVER_UNREACHABLE', async () => {
    const refused = await registerMcp(rt, keys.admin, { name: 'anonymous', transport: { url: httpUrl } });
    expect(refused).toMatchObject({
      __typename: 'McpServerUnreachableError',
      code: 'MCP_SERVER_UNREACHABLE',
    });
  });

  it('given user info in the URL, then the registration is refused as invalid before any connection', async () => {
    const refused = await registerMcp(rt, keys.admin, {
      name: 'creds',
      transport: { url: httpUrl.replace('http://', 'http://user:pw@') },
    });
    expect(refused).toMatchObject({ __typename: 'McpServerInvalidError', code: 'MCP_SERVER_INVALID' });
  });
});
