import type {
  JsonValue,
  RegisteredTool,
  ToolExecution,
  ToolExecutionContext,
  ToolExecutor,
} from '../../domain/index.js';
import { ToolError, isMirError } from '../../domain/index.js';

/** What a built-in tool sees: the tenant it acts for and a signal that fires on timeout or cancellation. */
export interface RuntimeToolContext {
  readonly tenant: string;
  readonly signal: AbortSignal;
}

/** One built-in tool's implementation. Throws `ToolError`s for expected refusals; anything else is TOOL_FAILED. */
export type RuntimeToolHandler = (args: JsonValue, context: RuntimeToolContext) => Promise<JsonValue>;

/** Handlers by `name@version`: a handler serves exactly the definition it was written for. */
export type RuntimeToolHandlers = ReadonlyMap<string, RuntimeToolHandler>;

export function handlerKey(name: string, version: string): string {
  return `${name}@${version}`;
}

/**
 * The `ToolExecutor` for runtime-executed tools. Refuses (`TOOL_NOT_ALLOWED`) app-executed tools and tool
 * versions it has no handler for. The time limit is enforced here, not trusted to handlers: at `timeoutMs` the
 * handler's signal fires and the call fails with `TOOL_TIMEOUT` even if the handler ignores the signal.
 */
export function createRuntimeToolExecutor(handlers: RuntimeToolHandlers): ToolExecutor {
  return {
    async execute(
      tool: RegisteredTool,
      args: JsonValue,
      context: ToolExecutionContext,
    ): Promise<ToolExecution> {
      if (tool.execution !== 'runtime')
        throw notAllowed(tool, `${tool.name}@${tool.version} is executed by the app, not the runtime`);
      const handler = handlers.get(handlerKey(tool.name, tool.version));
      if (handler === undefined)
        throw notAllowed(tool, `no runtime implementation of ${tool.name}@${tool.version}`);
      return { output: await runBounded(tool, handler, args, context) };
    },
  };
}

/**
 * Runs `handler` within `context.timeoutMs` and the caller's signal: past the limit the handler's signal fires and
 * the call fails `TOOL_TIMEOUT` (on the caller's abort, `TOOL_ABORTED`) even if the handler ignores the signal.
 * A `MirError` the handler throws (a `ToolError`, an MCP tool's `McpError`) is its typed failure and passes as
 * is; anything else becomes `TOOL_FAILED` with its message in `details.reason`.
 */
export async function runBounded(
  tool: RegisteredTool,
  handler: RuntimeToolHandler,
  args: JsonValue,
  context: ToolExecutionContext,
): Promise<JsonValue> {
  const controller = new AbortController();
  const stop = (reason: ToolError) => controller.abort(reason);
  const details = { tool: tool.name, version: tool.version, timeoutMs: context.timeoutMs };
  const timer = setTimeout(
    () =>
      stop(
        new ToolError(
          'TOOL_TIMEOUT',
          `${tool.name}@${tool.version} ran past ${context.timeoutMs} ms`,
          details,
        ),
      ),
    context.timeoutMs,
  );
  const onCallerAbort = () =>
    stop(new ToolError('TOOL_ABORTED', `${tool.name}@${tool.version} was aborted by the caller`, details));
  if (context.signal?.aborted === true) onCallerAbort();
  else context.signal?.addEventListener('abort', onCallerAbort, { once: true });
  const aborted = new Promise<never>((_, reject) => {
    const rejectWithReason = () => reject(controller.signal.reason as Error);
    if (controller.signal.aborted) rejectWithReason();
    else controller.signal.addEventListener('abort', rejectWithReason, { once: true });
  });
  try {
    return await Promise.race([
      handler(args, { tenant: context.tenant, signal: controller.signal }),
      aborted,
    ]);
  } catch (error) {
    // Once the signal fired, whatever the handler threw (usually an AbortError) is a consequence of it.
    if (controller.signal.aborted) throw controller.signal.reason as ToolError;
    if (isMirError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new ToolError('TOOL_FAILED', `${tool.name}@${tool.version} failed: ${reason}`, {
      tool: tool.name,
      version: tool.version,
      reason,
    });
  } finally {
    clearTimeout(timer);
    context.signal?.removeEventListener('abort', onCallerAbort);
  }
}

function notAllowed(tool: RegisteredTool, message: string): ToolError {
  return new ToolError('TOOL_NOT_ALLOWED', message, {
    tool: tool.name,
    version: tool.version,
    execution: tool.execution,
  });
}
