import type {
  ExecutionMode,
  JsonValue,
  RegisteredTool,
  ToolExecution,
  ToolExecutionContext,
  ToolExecutor,
} from '../../domain/index.js';
import { ToolError } from '../../domain/index.js';

/**
 * The one `ToolExecutor` the governed path calls: it hands each tool to the executor of its execution mode
 * (`runtime`: the built-ins' handlers, `mcp`: the MCP client). A mode without one (`app`: the app runs it) is
 * `TOOL_NOT_ALLOWED`.
 */
export function createDispatchingToolExecutor(
  byMode: Partial<Readonly<Record<ExecutionMode, ToolExecutor>>>,
): ToolExecutor {
  return {
    execute(tool: RegisteredTool, args: JsonValue, context: ToolExecutionContext): Promise<ToolExecution> {
      const executor = byMode[tool.execution];
      if (executor === undefined)
        return Promise.reject(
          new ToolError(
            'TOOL_NOT_ALLOWED',
            `MIR does not execute ${tool.execution} tools (${tool.name}@${tool.version})`,
            {
              tool: tool.name,
              version: tool.version,
              execution: tool.execution,
            },
          ),
        );
      return executor.execute(tool, args, context);
    },
  };
}
