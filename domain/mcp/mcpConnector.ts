import type { McpToolDefinition, McpTransport } from './mcpEvents.js';

/** One registered server as the connector reaches it: who registered it, its name, how to reach it. */
export interface McpEndpoint {
  readonly tenant: string;
  readonly name: string;
  readonly transport: McpTransport;
  readonly timeoutMs: number;
}

/**
 * The port to MCP servers that registration needs (the SDK adapter in `ops/mcp` implements it). `listTools`
 * connects when needed (a changed transport replaces the connection) and lists every tool, following pages.
 * Throws `MCP_SERVER_UNREACHABLE` or `MCP_TOKEN_UNREADABLE`.
 */
export interface McpConnector {
  listTools(endpoint: McpEndpoint): Promise<McpToolDefinition[]>;
}
