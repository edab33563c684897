import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mcpServerStream } from '../../domain/index.js';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';
import {
  call,
  callEvents,
  eventually,
  freshRun,
  mcpSetUp,
  registerMcp,
  SERVERS,
  versionOf,
} from './testing/mcpTestKit.js';

// MIR as an MCP client against a small MCP server written with the SDK (testing/changingToolsServer.js), spawned
// over stdio: a tool list that changes on request, a tool that kills its own process, error results, time limits.

let rt: TestRuntime;
let keys: { admin: string; app: string };

beforeAll(async () => {
  rt = await openTestRuntime({ governance: true });
  keys = await mcpSetUp(rt);
});
afterAll(async () => rt.close());

const register = (name: string, extra: Record<string, unknown> = {}) =>
  registerMcp(rt, keys.admin, { name, transport: { stdio: SERVERS.changing }, side: 'read', ...extra });

describe('a server that changes its tool list', () => {
  let first: Record<string, unknown>;
  let runId: string;
  const ping = (version: string) =>
    call(rt, keys.app, { runId, tool: 'mcp.changing.ping', version, args: { text: 'x' } });

  beforeAll(async () => {
    first = await register('changing');
    runId = await freshRun(rt, keys.app);
  });

  it('given the registered version, then a call completes', async () => {
    expect(await ping(versionOf(first, 'ping'))).toMatchObject({
      __typename: 'ToolCallCompleted',
      output: { content: [{ type: 'text', text: 'pong: x' }] },
    });
  });

  it('when the server changes ping, then the change is recorded once and calls to the old version are refused, recorded', async () => {
    const old = versionOf(first, 'ping');
    const change = await call(rt, keys.app, {
      runId,
      tool: 'mcp.changing.change-tools',
      version: versionOf(first, 'change-tools'),
      args: {},
    });
    expect(change.__typename).toBe('ToolCallCompleted');
    const noticed = await eventually(rt, 'McpToolsChanged');
    const digest = (first.server as { tools: { mcpName: string; digest: string }[] }).tools.find(
      (t) => t.mcpName === 'ping',
    )!.digest;
    expect(noticed.data).toMatchObject({
      name: 'changing',
      changes: [{ mcpName: 'ping', registeredDigest: digest }],
    });
    const refused = await ping(old);
    expect(refused).toMatchObject({ __typename: 'ToolCallFailed', reason: 'MCP_TOOL_CHANGED' });
    expect(refused.message).toContain('an admin must re-register');
    const events = (await callEvents(rt, runId)).slice(-3);
    expect(events.map((event) => event.type)).toEqual([
      'ToolCallRequested',
      'PolicyDecided',
      'ToolCallFailed',
    ]);
    expect(events[2]!.data).toMatchObject({ reason: 'MCP_TOOL_CHANGED' });
    expect(await ping(old)).toMatchObject({ reason: 'MCP_TOOL_CHANGED' });
    const changes = await rt.log.readAll({ filter: { types: ['McpToolsChanged'] } });
    expect(changes).toHaveLength(1);
  });

  it('then mcpServers shows the change awaiting re-registration', async () => {
    const response = await graphqlRequest<{
      mcpServers: { name: string; changes: { mcpName: string; currentDigest: string }[] }[];
    }>(rt.api.yoga, `{ mcpServers { name changes { mcpName currentDigest } } }`, {
      authorization: keys.admin,
    });
    const server = response.data!.mcpServers.find((entry) => entry.name === 'changing')!;
    expect(server.changes.map((change) => change.mcpName)).toEqual(['ping']);
  });

  it('when an admin re-registers, then the new version is imported and callable, and the old one stays refused', async () => {
    const again = await register('changing');
    expect(again.alreadyRegistered).toBe(false);
    const renewed = versionOf(again, 'ping');
    expect(renewed).not.toBe(versionOf(first, 'ping'));
    expect(await rt.log.readStream(mcpServerStream('acme', 'changing'))).toHaveLength(3);
    expect(await ping(renewed)).toMatchObject({ __typename: 'ToolCallCompleted' });
    const old = await ping(versionOf(first, 'ping'));
    expect(old).toMatchObject({ __typename: 'ToolCallFailed', reason: 'MCP_TOOL_CHANGED' });
    expect(old.message).toContain(`re-registered with mcp.changing.ping@${renewed}`);
  });
});

describe('failures of a call', () => {
  it('given a command that does not exist, then the registration is MCP_SERVER_UNREACHABLE and nothing is recorded', async () => {
    const refused = await registerMcp(rt, keys.admin, {
      name: 'missing',
      transport: { stdio: { command: '/nonexistent/mcp-server' } },
    });
    expect(refused).toMatchObject({
      __typename: 'McpServerUnreachableError',
      code: 'MCP_SERVER_UNREACHABLE',
    });
    expect(await rt.log.readStream(mcpServerStream('acme', 'missing'))).toEqual([]);
  });

  it('when the tool kills its server mid-call, then the call fails MCP_SERVER_EXITED, recorded, and the next call respawns it', async () => {
    const registered = await register('crashy');
    const runId = await freshRun(rt, keys.app);
    const crashed = await call(rt, keys.app, {
      runId,
      tool: 'mcp.crashy.crash',
      version: versionOf(registered, 'crash'),
      args: {},
    });
    expect(crashed).toMatchObject({ __typename: 'ToolCallFailed', reason: 'MCP_SERVER_EXITED' });
    expect((await callEvents(rt, runId)).at(-1)!.data).toMatchObject({ reason: 'MCP_SERVER_EXITED' });
    const next = await call(rt, keys.app, {
      runId,
      tool: 'mcp.crashy.ping',
      version: versionOf(registered, 'ping'),
      args: {},
    });
    expect(next).toMatchObject({ __typename: 'ToolCallCompleted' });
  });

  it("when the server answers isError, then the call fails MCP_TOOL_ERROR with the server's text", async () => {
    const registered = await register('crashy');
    const runId = await freshRun(rt, keys.app);
    const failed = await call(rt, keys.app, {
      runId,
      tool: 'mcp.crashy.fail',
      version: versionOf(registered, 'fail'),
      args: { why: 'no stock' },
    });
    expect(failed).toMatchObject({ __typename: 'ToolCallFailed', reason: 'MCP_TOOL_ERROR' });
    expect(failed.message).toContain('refused: no stock');
  });

  it('when a call runs past the registered time limit, then it fails TOOL_TIMEOUT and the server keeps serving', async () => {
    const registered = await register('slow', { timeoutMs: 1_000 });
    const runId = await freshRun(rt, keys.app);
    const version = versionOf(registered, 'sleep');
    const late = await call(rt, keys.app, { runId, tool: 'mcp.slow.sleep', version, args: { ms: 20_000 } });
    expect(late).toMatchObject({ __typename: 'ToolCallFailed', reason: 'TOOL_TIMEOUT' });
    expect(
      await call(rt, keys.app, { runId, tool: 'mcp.slow.sleep', version, args: { ms: 1 } }),
    ).toMatchObject({
      __typename: 'ToolCallCompleted',
    });
  });

  it('when the run is cancelled during a call, then the call fails TOOL_ABORTED', async () => {
    const registered = await register('slow', { timeoutMs: 1_000 });
    const runId = await freshRun(rt, keys.app);
    const pending = call(rt, keys.app, {
      runId,
      tool: 'mcp.slow.sleep',
      version: versionOf(registered, 'sleep'),
      args: { ms: 20_000 },
    });
    await eventually(rt, 'ToolCallRequested', (event) => event.stream.endsWith(runId));
    await graphqlRequest(
      rt.api.yoga,
      `mutation($runId: ID!) { cancelRun(runId: $runId, reason: "stop") { __typename } }`,
      {
        authorization: keys.app,
        variables: { runId },
      },
    );
    expect(await pending).toMatchObject({ __typename: 'ToolCallFailed', reason: 'TOOL_ABORTED' });
  });
});
