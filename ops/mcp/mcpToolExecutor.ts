import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type {
  JsonValue,
  McpServer,
  McpServerService,
  RegisteredTool,
  ToolExecution,
  ToolExecutionContext,
  ToolExecutor,
} from '../../domain/index.js';
import { McpError, mcpToolDigest, staleToolReason, SYSTEM_TENANT, ToolError } from '../../domain/index.js';
import type { Digester } from '../../domain/index.js';
import { runBounded } from '../tools/index.js';
import type { McpClientPool } from './mcpClientPool.js';

export interface McpToolExecutorDependencies {
  readonly servers: Pick<McpServerService, 'find' | 'observe' | 'endpointOf'>;
  readonly pool: Pick<McpClientPool, 'currentTools' | 'callTool'>;
  readonly digester: Digester;
}

/** How much of an error result's text the failure keeps. */
export const MCP_ERROR_TEXT_CHARS = 2_000;

/**
 * The `ToolExecutor` of imported MCP tools (`execution: mcp`). Before a call reaches the server, the tool version
 * must be the one its server's registration imported, with no change noticed since, and the definition the
 * server lists now must have the registered digest; otherwise the change is recorded (`McpToolsChanged`, once)
 * and the call fails `MCP_TOOL_CHANGED` without running. Output: the `CallToolResult` `{ content,
 * structuredContent?, isError: false }`; an `isError` result fails `MCP_TOOL_ERROR` with the server's text
 * (bounded). Time limit and cancellation as for runtime tools (`runBounded`), passed on to the SDK request.
 */
export function createMcpToolExecutor(deps: McpToolExecutorDependencies): ToolExecutor {
  return {
    async execute(
      tool: RegisteredTool,
      args: JsonValue,
      context: ToolExecutionContext,
    ): Promise<ToolExecution> {
      const server = await serverOf(deps, tool);
      const stale = staleToolReason(server, tool);
      if (stale !== null) throw changed(tool, stale);
      const imported = server.tools.find((candidate) => candidate.name === tool.name)!;
      const endpoint = deps.servers.endpointOf(server);
      const output = await runBounded(
        tool,
        async (_args, { signal }) => {
          const listed = await deps.pool.currentTools(endpoint);
          const current = listed.get(imported.mcpName);
          if (current === undefined || mcpToolDigest(deps.digester, current) !== imported.digest) {
            const after = await deps.servers.observe(endpoint.tenant, server.name, [...listed.values()]);
            throw changed(
              tool,
              (after === null ? null : staleToolReason(after, tool)) ?? 'its definition changed',
            );
          }
          const result = await deps.pool.callTool(endpoint, imported.mcpName, args, {
            signal,
            timeoutMs: context.timeoutMs,
          });
          return toOutput(tool, result);
        },
        args,
        context,
      );
      return { output };
    },
  };
}

async function serverOf(deps: McpToolExecutorDependencies, tool: RegisteredTool): Promise<McpServer> {
  const name = tool.name.split('.')[1] ?? '';
  const server =
    tool.execution === 'mcp' ? await deps.servers.find(tool.tenant ?? SYSTEM_TENANT, name) : null;
  if (server === null)
    throw new ToolError(
      'TOOL_NOT_ALLOWED',
      `${tool.name}@${tool.version} is not a tool of a registered MCP server`,
      {
        tool: tool.name,
        version: tool.version,
        execution: tool.execution,
      },
    );
  return server;
}

function toOutput(tool: RegisteredTool, result: CallToolResult): JsonValue {
  if (result.isError === true) {
    const text = result.content
      .map((item) => (item.type === 'text' ? item.text : `[${item.type}]`))
      .join('\n')
      .slice(0, MCP_ERROR_TEXT_CHARS);
    throw new McpError('MCP_TOOL_ERROR', `${tool.name} answered with an error: ${text}`, {
      tool: tool.name,
      text,
    });
  }
  return {
    content: result.content as unknown as JsonValue,
    ...(result.structuredContent === undefined
      ? {}
      : { structuredContent: result.structuredContent as unknown as JsonValue }),
    isError: false,
  };
}

function changed(tool: RegisteredTool, reason: string): McpError {
  return new McpError('MCP_TOOL_CHANGED', `${tool.name}@${tool.version} is refused: ${reason}`, {
    tool: tool.name,
    version: tool.version,
    reason,
  });
}
