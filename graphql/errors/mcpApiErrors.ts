import type { JsonValue } from '../../domain/index.js';
import { ApiError } from './apiErrors.js';

// Expected refusals of `registerMcpServer` (codes from `domain/mcp`). Each means nothing was recorded. A call to an
// imported tool that fails (MCP_TOOL_ERROR, MCP_SERVER_EXITED, MCP_TOOL_CHANGED) is a recorded result instead.

/**
 * MCP_SERVER_INVALID / MCP_TOOL_UNSUPPORTED / MCP_TOOL_NAME_COLLISION: the registration as given, or a tool the
 * server lists, cannot be imported; `reason` says why, `details` holds the values at fault.
 */
export class McpServerInvalidError extends ApiError {
  constructor(
    message: string,
    readonly code: 'MCP_SERVER_INVALID' | 'MCP_TOOL_UNSUPPORTED' | 'MCP_TOOL_NAME_COLLISION',
    readonly reason: string,
    readonly details: Readonly<Record<string, JsonValue>>,
  ) {
    super(message);
  }
}

/** MCP_SERVER_UNREACHABLE / MCP_TOKEN_UNREADABLE: MIR could not connect to the server and list its tools. */
export class McpServerUnreachableError extends ApiError {
  constructor(
    message: string,
    readonly code: 'MCP_SERVER_UNREACHABLE' | 'MCP_TOKEN_UNREADABLE',
    readonly reason: string,
  ) {
    super(message);
  }
}
