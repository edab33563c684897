// The MCP half of `npm run bench:engines`.
// The same tool call (server-everything's `echo`, over stdio) made N times straight through the SDK client (the
// baseline) and through MIR's governed path (the service: `ToolCallService.invokeTool`, on a SQLite ledger with
// Cedar, ajv, the shipped risk classifier and the MCP client pool), the two interleaved so both are measured
// under the same load. Prints p50/p99 per call of each and what governance adds.
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { GovernedOrigin } from '../../domain/index.js';
import { graphqlRequest } from '../../graphql/testing/graphqlRequest.js';
import { PUBLISH } from '../../graphql/testing/governanceOperations.js';
import { recordStep, startRun } from '../../graphql/testing/runOperations.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import { SERVERS } from '../mcp/testing/mcpServers.js';
import { fmt, measureInterleaved, printCompared } from './benchStats.js';
import type { ComparedLatency } from './benchStats.js';

/** Straight through the SDK client (`direct`, the baseline) and through `ToolCallService.invokeTool` (`governed`). */
export type McpBenchResult = ComparedLatency;

const PERMIT = `@id("bench") permit(principal, action == Mir::Action::"invokeTool", resource);`;
/** Calls per run: each run is a fresh one, so no run's budget or length shapes the figures. */
const CALLS_PER_RUN = 200;

/** Measures and prints (through `print`) the governed MCP call next to the direct one. */
export async function runMcpBench(
  options: { readonly calls?: number; readonly print?: (line: string) => void } = {},
): Promise<McpBenchResult> {
  const calls = options.calls ?? 500;
  const print = options.print ?? ((line: string) => console.log(line));
  const rt = await openTestRuntime({ governance: true, store: 'sqlite' });
  const direct = new Client({ name: 'mir-bench', version: '1' });
  try {
    await direct.connect(
      new StdioClientTransport({
        ...SERVERS.everything,
        args: [...SERVERS.everything.args],
        stderr: 'ignore',
      }),
    );
    const governed = await governedEcho(rt);
    const result = await measureInterleaved(
      calls,
      (index) => direct.callTool({ name: 'echo', arguments: { message: `bench ${index}` } }),
      (index) => governed(index, `bench ${index}`),
    );
    printCompared(
      result,
      `MCP tool call (server-everything echo over stdio), ${fmt(calls)} calls each, interleaved:`,
      {
        direct: 'direct, SDK client',
        governed: 'through MIR (ToolCallService.invokeTool, governed and recorded on SQLite)',
      },
      print,
    );
    return result;
  } finally {
    await direct.close();
    await rt.close();
  }
}

/** Registers server-everything with the runtime and returns one governed echo call (fresh runs as needed). */
async function governedEcho(rt: Awaited<ReturnType<typeof openTestRuntime>>) {
  const admin = await rt.bearer('admin');
  const app = await rt.bearer('app');
  await graphqlRequest(rt.api.yoga, PUBLISH, { authorization: admin, variables: { p: PERMIT } });
  const governance = rt.governance!;
  const adminOrigin: GovernedOrigin = {
    actor: { kind: 'user', id: 'bench-admin' },
    tenant: 'acme',
    role: 'admin',
  };
  const registered = await governance.mcp.register(
    { name: 'everything', transport: { stdio: SERVERS.everything }, sideEffect: 'read' },
    adminOrigin,
  );
  const echo = registered.server.tools.find((tool) => tool.mcpName === 'echo')!;
  const appOrigin: GovernedOrigin = {
    actor: { kind: 'service', id: 'bench-app' },
    tenant: 'acme',
    role: 'app',
  };
  let runId = '';
  return async (index: number, message: string) => {
    if (index % CALLS_PER_RUN === 0 || runId === '') {
      runId = (await startRun(rt.api.yoga, app)).run.id;
      await recordStep(rt.api.yoga, app, runId);
    }
    const result = await governance.toolCalls.invokeTool(
      { runId, tool: echo.name, version: echo.version, args: { message } },
      appOrigin,
    );
    if (result.outcome !== 'completed')
      throw new Error(`the governed call did not complete: ${result.outcome}`);
  };
}
