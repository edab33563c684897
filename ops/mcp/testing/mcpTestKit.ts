import { expect } from 'vitest';
import { runStream } from '../../../domain/index.js';
import type { RecordedEvent } from '../../../domain/index.js';
import { graphqlRequest } from '../../../graphql/testing/graphqlRequest.js';
import { PUBLISH } from '../../../graphql/testing/governanceOperations.js';
import { recordStep, startRun } from '../../../graphql/testing/runOperations.js';
import type { TestRuntime } from '../../../graphql/testing/testRuntime.js';

export { SERVERS } from './mcpServers.js';

export const REGISTER_MCP = `mutation($name: String!, $transport: McpTransportInput!, $side: SideEffect,
  $overrides: [McpSideEffectOverrideInput!], $tags: [String!], $timeoutMs: Int) {
  registerMcpServer(name: $name, transport: $transport, sideEffect: $side, sideEffectOverrides: $overrides,
    riskTags: $tags, timeoutMs: $timeoutMs) {
    __typename
    ... on RegisterMcpServerPayload {
      alreadyRegistered
      server { name transport toolsDigest tools { mcpName name version digest sideEffect } changes { mcpName } }
      tools { name version sideEffect execution inputSchema }
    }
    ... on McpServerInvalidError { code reason details }
    ... on McpServerUnreachableError { code reason }
    ... on Error { code message }
  } }`;

export const CALL = `mutation($runId: ID!, $tool: String!, $version: String!, $args: JSON!, $approvalId: ID) {
  invokeTool(runId: $runId, tool: $tool, version: $version, args: $args, approvalId: $approvalId) {
    __typename
    ... on ToolCallCompleted { callId output outputDigest }
    ... on ToolCallFailed { callId reason message }
    ... on ToolCallDenied { callId reason message }
    ... on ToolCallPendingApproval { callId approvalId }
    ... on Error { code message }
  } }`;

/** Apps may call any tool; writing a file through the filesystem server needs a reviewer's approval. */
export const MCP_POLICIES = `
@id("app-any") @reason("apps may call tools")
permit(principal, action == Mir::Action::"invokeTool", resource) when { principal.role == "app" };

@id("mcp-writes-gate") @approval("required") @reason("writing files needs a human")
forbid(principal, action, resource) when { context.tool.name == "mcp.files.write_file" };
`;

type Data = Record<string, Record<string, unknown>>;

/** An admin and an app key of tenant `acme`, the policies above published. */
export async function mcpSetUp(rt: TestRuntime): Promise<{ admin: string; app: string; reviewer: string }> {
  const [admin, app, reviewer] = await Promise.all([
    rt.bearer('admin'),
    rt.bearer('app'),
    rt.bearer('reviewer'),
  ]);
  const published = await graphqlRequest(rt.api.yoga, PUBLISH, {
    authorization: admin,
    variables: { p: MCP_POLICIES },
  });
  expect(published.errors).toBeUndefined();
  return { admin, app, reviewer };
}

export async function registerMcp(
  rt: TestRuntime,
  admin: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const response = await graphqlRequest<Data>(rt.api.yoga, REGISTER_MCP, { authorization: admin, variables });
  expect(response.errors).toBeUndefined();
  return response.data!.registerMcpServer!;
}

/** The version `registerMcpServer` imported for a tool (by its MCP name). */
export function versionOf(registered: Record<string, unknown>, mcpName: string): string {
  const tools = (registered.server as { tools: { mcpName: string; version: string }[] }).tools;
  return tools.find((tool) => tool.mcpName === mcpName)!.version;
}

/** A fresh running run of the app's tenant. */
export async function freshRun(rt: TestRuntime, app: string): Promise<string> {
  const { run } = await startRun(rt.api.yoga, app);
  await recordStep(rt.api.yoga, app, run.id);
  return run.id;
}

export async function call(
  rt: TestRuntime,
  app: string,
  variables: { runId: string; tool: string; version: string; args: unknown; approvalId?: string },
): Promise<Record<string, unknown>> {
  const response = await graphqlRequest<Data>(rt.api.yoga, CALL, { authorization: app, variables });
  expect(response.errors).toBeUndefined();
  return response.data!.invokeTool!;
}

/** The types of the run's events after its start and first step. */
export async function callEvents(rt: TestRuntime, runId: string): Promise<RecordedEvent[]> {
  return (await rt.log.readStream(runStream(runId))).filter(
    (event) =>
      event.type.startsWith('Tool') || event.type === 'PolicyDecided' || event.type.startsWith('Approval'),
  );
}

/** Waits until the log holds an event of `type` matching `where` (the MCP client records changes in the background). */
export async function eventually(
  rt: TestRuntime,
  type: string,
  where: (event: RecordedEvent) => boolean = () => true,
): Promise<RecordedEvent> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const found = (await rt.log.readAll({ filter: { types: [type] } })).filter(where);
    if (found.length > 0) return found.at(-1)!;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no ${type} event was recorded`);
}
