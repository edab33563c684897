import { MirError } from '../errors/mirError.js';

export const MCP_ERROR_CODES = [
  /** The registration is malformed: name, transport, side-effect classes, risk tags or timeout (details `reason`). */
  'MCP_SERVER_INVALID',
  /** Two of the server's tools map to the same MIR tool name (details `name`, `mcpNames`). */
  'MCP_TOOL_NAME_COLLISION',
  /** A tool the server lists cannot be imported as published: its name or schema (details `mcpName`, `reason`). */
  'MCP_TOOL_UNSUPPORTED',
  /** MIR could not connect to the server or list its tools (details `server`, `reason`). */
  'MCP_SERVER_UNREACHABLE',
  /** The bearer token file is missing, unreadable or readable by others than its owner (details `reason`). */
  'MCP_TOKEN_UNREADABLE',
  /** The server answered the call with `isError: true`: its text, bounded, is the message. */
  'MCP_TOOL_ERROR',
  /** The server's process or connection went away during the call; the next call reconnects. */
  'MCP_SERVER_EXITED',
  /**
   * The tool's definition on the server no longer matches the registered version (changed or removed), or the
   * server was re-registered with another version: the call is refused before it reaches the server.
   */
  'MCP_TOOL_CHANGED',
] as const;
export type McpErrorCode = (typeof MCP_ERROR_CODES)[number];

/** An expected failure of MCP server registration or of a call to an imported tool. */
export class McpError extends MirError<McpErrorCode> {}

export function isMcpError(error: unknown): error is McpError {
  return error instanceof McpError;
}
