import type { JsonValue } from '../events/json.js';
import type { RegisteredTool } from './toolEvents.js';

export interface ToolExecutionContext {
  /** The tenant the call acts for: runtime tools scope their state by it. */
  readonly tenant: string;
  /** Hard limit: past it the call is aborted and fails with `TOOL_TIMEOUT`. */
  readonly timeoutMs: number;
  /** The caller's cancellation (e.g. `cancelRun`): the call fails with `TOOL_ABORTED`. */
  readonly signal?: AbortSignal;
}

export interface ToolExecution {
  readonly output: JsonValue;
}

/**
 * Runs runtime-executed tools. `args` were validated against the tool's input schema by the caller; the executor
 * still refuses what its own configuration forbids.
 *
 * Failures are `ToolError`s: `TOOL_NOT_ALLOWED` (an app-executed or unknown tool, a host or header outside the
 * allow-list), `TOOL_TIMEOUT`, `TOOL_ABORTED`, `TOOL_OUTPUT_TOO_LARGE`, `TOOL_FAILED` (anything else, with the
 * underlying message in `details.reason`). An executor of MCP tools also throws `McpError`s: `MCP_TOOL_ERROR`,
 * `MCP_SERVER_EXITED`, `MCP_TOOL_CHANGED`, `MCP_SERVER_UNREACHABLE`, `MCP_TOKEN_UNREADABLE`.
 */
export interface ToolExecutor {
  execute(tool: RegisteredTool, args: JsonValue, context: ToolExecutionContext): Promise<ToolExecution>;
}
