import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

// MIR as an MCP client against @modelcontextprotocol/server-filesystem from npm, confined to a temporary folder:
// the admin marks write_file irreversible, a policy gates it for approval, a reviewer grants, the app resumes.

const DECIDE = `mutation($runId: ID!, $approvalId: ID!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: APPROVE, reason: "looks right") {
    __typename ... on Error { code message } } }`;

let rt: TestRuntime;
let keys: { admin: string; app: string; reviewer: string };
let registered: Record<string, unknown>;
const folder = realpathSync(mkdtempSync(join(tmpdir(), 'mir-mcp-files-')));

beforeAll(async () => {
  rt = await openTestRuntime({ governance: true });
  keys = await mcpSetUp(rt);
  registered = await registerMcp(rt, keys.admin, {
    name: 'files',
    transport: { stdio: SERVERS.filesystem(folder) },
    side: 'read',
    overrides: [
      { tool: 'write_file', sideEffect: 'irreversible' },
      { tool: 'edit_file', sideEffect: 'irreversible' },
      { tool: 'move_file', sideEffect: 'irreversible' },
      { tool: 'create_directory', sideEffect: 'irreversible' },
    ],
  });
});
afterAll(async () => {
  await rt.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('server-filesystem in a temporary folder', () => {
  const file = join(folder, 'note.txt');

  it('when an app writes a file, then the call waits for a reviewer and nothing is written yet', async () => {
    const tools = registered.tools as { name: string; sideEffect: string }[];
    expect(tools.find((tool) => tool.name === 'mcp.files.write_file')!.sideEffect).toBe('irreversible');
    expect(tools.find((tool) => tool.name === 'mcp.files.read_text_file')!.sideEffect).toBe('read');
    const runId = await freshRun(rt, keys.app);
    const args = { path: file, content: 'governed hello' };
    const version = versionOf(registered, 'write_file');
    const pending = await call(rt, keys.app, { runId, tool: 'mcp.files.write_file', version, args });
    expect(pending.__typename).toBe('ToolCallPendingApproval');
    expect(existsSync(file)).toBe(false);

    const decided = await graphqlRequest<{ decideApproval: { __typename: string } }>(rt.api.yoga, DECIDE, {
      authorization: keys.reviewer,
      variables: { runId, approvalId: pending.approvalId },
    });
    expect(decided.data!.decideApproval.__typename).toBe('ApprovalDecision');
    const resumed = await call(rt, keys.app, {
      runId,
      tool: 'mcp.files.write_file',
      version,
      args,
      approvalId: pending.approvalId as string,
    });
    expect(resumed).toMatchObject({ __typename: 'ToolCallCompleted', output: { isError: false } });
    expect(readFileSync(file, 'utf8')).toBe('governed hello');
    const types = (await callEvents(rt, runId)).map((event) => event.type);
    expect(types[0]).toBe('ToolCallRequested');
    expect(types).toContain('ApprovalRequested');
    expect(types).toContain('ApprovalGranted');
    expect(types.at(-1)).toBe('ToolCallCompleted');
  });

  it('when an app reads the file, then the read is allowed without approval and its text is the output', async () => {
    const runId = await freshRun(rt, keys.app);
    const read = await call(rt, keys.app, {
      runId,
      tool: 'mcp.files.read_text_file',
      version: versionOf(registered, 'read_text_file'),
      args: { path: file },
    });
    expect(read).toMatchObject({
      __typename: 'ToolCallCompleted',
      output: { content: [{ type: 'text', text: 'governed hello' }] },
    });
  });

  it('when a path outside the folder is read, then the server refuses and the call fails MCP_TOOL_ERROR, recorded', async () => {
    const runId = await freshRun(rt, keys.app);
    const read = await call(rt, keys.app, {
      runId,
      tool: 'mcp.files.read_text_file',
      version: versionOf(registered, 'read_text_file'),
      args: { path: '/etc/hostname' },
    });
    expect(read).toMatchObject({ __typename: 'ToolCallFailed', reason: 'MCP_TOOL_ERROR' });
    expect(read.message).toMatch(/denied|outside/i);
  });
});
