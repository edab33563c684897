import { MirError } from '../errors/mirError.js';

export const TOOL_ERROR_CODES = [
  /** The tool definition is malformed, or one of its JSON Schemas is not a valid draft 2020-12 schema. */
  'TOOL_INVALID',
  /** That name and version are already registered with another definition (versions are immutable). */
  'TOOL_VERSION_CONFLICT',
  /** The name belongs to a built-in tool: a tenant may not register a tool of its own under it. */
  'TOOL_NAME_RESERVED',
  /** No registered tool has that name and version. */
  'TOOL_NOT_FOUND',
  /** The call's arguments do not match the tool's input schema. */
  'TOOL_ARGS_INVALID',
  /** The tool's output does not match its output schema. */
  'TOOL_OUTPUT_INVALID',
  /** The output is larger than the executor accepts (e.g. the HTTP tool's response cap). */
  'TOOL_OUTPUT_TOO_LARGE',
  /** The executor refuses the call: wrong execution mode, a host or header outside the allow-list, a redirect. */
  'TOOL_NOT_ALLOWED',
  /** The tool's rate limit is used up; `retryAfterMs` says when a call would be admitted. */
  'TOOL_RATE_LIMITED',
  /** The call ran past its time limit and was aborted. */
  'TOOL_TIMEOUT',
  /** The caller aborted the call before it finished. */
  'TOOL_ABORTED',
  /** The tool itself failed (I/O error, unreachable server, unexpected exception). */
  'TOOL_FAILED',
  /** A compensation mapping points at a value the call's args or output do not hold. */
  'TOOL_COMPENSATION_UNRESOLVED',
  /** A call with this idempotency key was recorded and has not reached an outcome yet: retry later. */
  'TOOL_CALL_IN_PROGRESS',
] as const;
export type ToolErrorCode = (typeof TOOL_ERROR_CODES)[number];

/** An expected failure of tool registration or execution: returned to callers as a typed result. */
export class ToolError extends MirError<ToolErrorCode> {}

export function isToolError(error: unknown): error is ToolError {
  return error instanceof ToolError;
}

/** Failures of an executed call that belong in `ToolCallFailed` (the call was allowed, then did not succeed). */
export const TOOL_EXECUTION_FAILURE_CODES: readonly ToolErrorCode[] = [
  'TOOL_OUTPUT_INVALID',
  'TOOL_OUTPUT_TOO_LARGE',
  'TOOL_NOT_ALLOWED',
  'TOOL_TIMEOUT',
  'TOOL_ABORTED',
  'TOOL_FAILED',
];
