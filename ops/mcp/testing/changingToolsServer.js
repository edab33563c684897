// A small MCP server (stdio) for MIR's tests, written with the official SDK. Its tools:
// - `ping` answers `pong: <text>`; `change-tools` changes ping's description (the SDK then sends
//   notifications/tools/list_changed), so MIR must notice the change and refuse the old version;
// - `crash` ends the server's process in the middle of the call (no answer is ever sent);
// - `sleep` answers after `ms` milliseconds (for time limits and cancellation).
import process from 'node:process';
import { setTimeout } from 'node:timers';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'mir-test-changing', version: '1.0.0' });
let generation = 0;

const ping = server.registerTool(
  'ping',
  { description: 'Answers pong (generation 0)', inputSchema: { text: z.string().optional() } },
  async ({ text }) => ({ content: [{ type: 'text', text: `pong: ${text ?? ''}` }] }),
);

server.registerTool('change-tools', { description: "Changes ping's definition" }, async () => {
  generation += 1;
  ping.update({ description: `Answers pong (generation ${generation})` });
  return { content: [{ type: 'text', text: `generation ${generation}` }] };
});

server.registerTool('crash', { description: 'Ends the server process mid-call' }, async () => {
  setTimeout(() => process.exit(3), 10);
  return new Promise(() => undefined);
});

server.registerTool(
  'sleep',
  { description: 'Answers after ms milliseconds', inputSchema: { ms: z.number().int().min(0) } },
  async ({ ms }) => {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return { content: [{ type: 'text', text: `slept ${ms}` }] };
  },
);

server.registerTool(
  'fail',
  { description: 'Answers with an error result', inputSchema: { why: z.string() } },
  async ({ why }) => ({ isError: true, content: [{ type: 'text', text: `refused: ${why}` }] }),
);

await server.connect(new StdioServerTransport());
