import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { RecordedEvent } from '../../../domain/index.js';
import { PUBLISH } from '../../../graphql/testing/governanceOperations.js';
import { graphqlRequest } from '../../../graphql/testing/graphqlRequest.js';
import { openTestRuntime } from '../../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../../graphql/testing/testRuntime.js';
import type { IssuedApiKey } from '../../access/apiKeyService.js';
import { serveMcp } from './mcpTestServer.js';
import type { McpTestServer } from './mcpTestServer.js';

/** Apps call any tool; kv.put on `secret*` keys is denied, on `prod*` keys it waits for a reviewer. */
export const MCP_TEST_POLICIES = `
@id("app-tools") @reason("apps may call tools")
permit(principal, action == Mir::Action::"invokeTool", resource) when { principal.role == "app" };

@id("no-secrets") @reason("secret keys are off limits")
forbid(principal, action, resource)
when { resource.name == "kv.put" && context.args.hasTag("key") && context.args.getTag("key") like "secret*" };

@id("prod-gate") @approval("required") @reason("prod keys need a human")
forbid(principal, action, resource)
when { resource.name == "kv.put" && context.args.hasTag("key") && context.args.getTag("key") like "prod*" };
`;

/** An app-executed read tool of acme's; registered as `acme.lookup`, and as `mir.start_run`, which the verb shadows. */
const REGISTER_ACME_TOOL = `mutation($name: String!) { registerTool(name: $name, version: "1",
  inputSchema: { type: "object", properties: { q: { type: "string" } } }, outputSchema: { type: "object" },
  sideEffect: read, timeoutMs: 1000, execution: app) { __typename } }`;

/** A tool result as the tests read it: structured content always present. */
export type McpAnswer = CallToolResult & { structuredContent: Record<string, unknown> };

export interface McpGovernedFixture {
  readonly rt: TestRuntime;
  readonly mcp: McpTestServer;
  readonly appKey: IssuedApiKey;
  /** An MCP client with acme's app key. */
  readonly app: Client;
  call(client: Client, name: string, args: Record<string, unknown>): Promise<McpAnswer>;
  /** A run started and given a first step through MCP (status running), by `client` (default: the app). */
  runningRun(client?: Client): Promise<string>;
  runEvents(runId: string): Promise<RecordedEvent[]>;
  /** The tenant's refusal events once every open coalescing window is written. */
  refusalsOf(tenant: string): Promise<RecordedEvent[]>;
  close(): Promise<void>;
}

/**
 * MIR's HTTP server with /mcp over governance as the server composes it (Cedar, ajv, built-in tools, the shipped
 * risk classifier), acme's policies `MCP_TEST_POLICIES` published and its tools registered, and an app's client.
 */
export async function openMcpGovernedFixture(): Promise<McpGovernedFixture> {
  const rt = await openTestRuntime({ governance: true });
  const admin = await rt.bearer('admin');
  const answers = [
    await graphqlRequest(rt.api.yoga, PUBLISH, { authorization: admin, variables: { p: MCP_TEST_POLICIES } }),
    ...(await Promise.all(
      ['acme.lookup', 'mir.start_run'].map((name) =>
        graphqlRequest(rt.api.yoga, REGISTER_ACME_TOOL, { authorization: admin, variables: { name } }),
      ),
    )),
  ];
  if (answers.some((answer) => answer.errors !== undefined))
    throw new Error(`fixture set-up refused: ${JSON.stringify(answers)}`);
  const mcp = await serveMcp(rt);
  const appKey = await rt.issue('app');
  const app = await mcp.connect(`Bearer ${appKey.token}`);
  const call = async (client: Client, name: string, args: Record<string, unknown>) =>
    (await client.callTool({ name, arguments: args })) as McpAnswer;
  return {
    rt,
    mcp,
    appKey,
    app,
    call,
    runningRun: async (client = app) => {
      const started = await call(client, 'mir.start_run', { goal: 'tidy the store', agent: 'mcp-agent' });
      if (started.isError === true) throw new Error(`start refused: ${JSON.stringify(started)}`);
      const runId = started.structuredContent.runId as string;
      await call(client, 'mir.record_step', { runId, kind: 'plan', summary: 'look first' });
      return runId;
    },
    runEvents: (runId) => rt.log.readStream(`run-${runId}`),
    refusalsOf: async (tenant) => {
      await rt.refusals.flush();
      return rt.log.readStream(`refusals-${tenant}`);
    },
    close: async () => {
      await mcp.close();
      await rt.close();
    },
  };
}
