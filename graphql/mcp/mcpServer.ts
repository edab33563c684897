import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js';
import { hasCapability } from '../access/capabilities.js';
import type { GraphqlContext } from '../context.js';
import { callTool } from './mcpToolCall.js';
import { toolPage } from './mcpToolPage.js';
import { MIR_VERBS } from './mirVerbs.js';
import { governedToolSpec, jsonSchemaOf, latestTenantTools } from './tenantTools.js';

export const MCP_SERVER_INFO = { name: 'mir', version: '1' } as const;

export interface McpServerOptions {
  /** Told of every error that is not a refusal (answered "Unexpected error." to the caller). */
  readonly onInternalError: (error: unknown) => void;
}

/**
 * An MCP server for one authenticated caller (`context.principal`, never null here): `tools/list` answers MIR's
 * verbs the caller's role may use and, for a role that may call tools, the latest version of every governed
 * tool of its tenant, paged; `tools/call` runs either through the same application services as the GraphQL
 * mutations (`mcpToolCall`). Built per request: the endpoint keeps no session.
 */
export function createMcpServer(context: GraphqlContext, options: McpServerOptions): Server {
  const server = new Server(MCP_SERVER_INFO, {
    capabilities: { tools: { listChanged: false } },
    instructions:
      'MIR governs and records every call: start a run (mir.start_run), call tools and engines ' +
      '(mir.request_completion, mir.request_embeddings) with its runId, end it (mir.complete_run). A call answered ' +
      'pending_approval resumes with its approvalId once a reviewer grants it.',
  });
  server.setRequestHandler(ListToolsRequestSchema, async (request) =>
    toolPage(await visibleTools(context), request.params?.cursor),
  );
  server.setRequestHandler(CallToolRequestSchema, async (request): Promise<CallToolResult> =>
    callTool(context, request.params.name, request.params.arguments ?? {}, options.onInternalError),
  );
  return server;
}

async function visibleTools(context: GraphqlContext): Promise<Tool[]> {
  const verbs = [...MIR_VERBS.values()]
    .filter((verb) => hasCapability(context.principal, verb.capability))
    .map((verb) => ({
      name: verb.name,
      description: verb.description,
      inputSchema: { ...jsonSchemaOf(verb.input), type: 'object' as const },
    }));
  if (!hasCapability(context.principal, 'toolWrite') || context.deps.governance === undefined) return verbs;
  return [...verbs, ...(await latestTenantTools(context)).map(governedToolSpec)];
}
