import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type {
  AppendedEvent,
  CompletionResult,
  ToolCallResult,
  ToolResultOutcome,
} from '../../domain/index.js';

type Outcome = ToolCallResult | ToolResultOutcome | CompletionResult;

/** An event a command recorded, as MCP answers name it (query GraphQL `events` for its content). */
export interface McpEventRef {
  readonly id: string;
  readonly position: number;
  readonly revision: number;
  readonly type?: string;
}

export function eventRefs(events: readonly (AppendedEvent & { readonly type?: string })[]): McpEventRef[] {
  return events.map(({ id, position, revision, type }) => ({
    id,
    position,
    revision,
    ...(type === undefined ? {} : { type }),
  }));
}

/** Outcomes after which the action did not happen (a refusal or a failure, recorded): `isError` for the host. */
const NOT_DONE: ReadonlySet<Outcome['outcome']> = new Set([
  'denied',
  'failed',
  'grant_refused',
  'refused',
  'withheld',
]);

/**
 * A governed call's recorded outcome (of `invokeTool`, of `recordToolResult` for `mir.record_tool_result`, or of
 * `requestCompletion` / `requestEmbeddings`) as an MCP tool result: `structuredContent` is the outcome as the
 * service returns it (`outcome`, `callId` or `completionId`, `events`, and `output`, `content`, `approvalId`,
 * `reason`, … as the outcome has them) plus `tool`, the MCP tool called; the text is one line for the model plus
 * the same JSON, except a completed completion's, which is its content. A call waiting for a reviewer says how to
 * resume it.
 */
export function toolCallToolResult(tool: string, result: Outcome): CallToolResult {
  const { events, ...outcome } = result;
  const structured: Record<string, unknown> = { ...outcome, tool, events: eventRefs(events) };
  if (result.outcome === 'pending_approval')
    structured.resume =
      `a reviewer must approve ${result.approvalId} (mir.approval_status tells when); then call ${tool} ` +
      'again with the same runId and args and this approvalId';
  if (result.outcome === 'granted')
    structured.resume =
      `${tool} is executed by the app: run it, then report its result with mir.record_tool_result ` +
      `(callId ${result.callId}, grantId ${result.grantId}) before the grant expires`;
  return {
    ...(NOT_DONE.has(result.outcome) ? { isError: true } : {}),
    content: [{ type: 'text', text: textOf(tool, result, structured) }],
    structuredContent: structured,
  };
}

function textOf(tool: string, result: Outcome, structured: Record<string, unknown>): string {
  if (result.outcome === 'completed' && 'content' in result) return result.content;
  return `${tool}: ${summary(result)}\n${JSON.stringify(structured)}`;
}

function summary(result: Outcome): string {
  switch (result.outcome) {
    case 'completed':
      return 'completed';
    case 'embedded':
      return `embedded: ${result.vectors.length} vectors`;
    case 'withheld':
      return `withheld by the output guardrail: ${result.message}`;
    case 'pending_approval':
      return `pending approval ${result.approvalId} (expires ${result.expiresAt})`;
    case 'granted':
      return `granted ${result.grantId}: the app executes it`;
    case 'denied':
    case 'failed':
    case 'grant_refused':
    case 'refused':
      return `${result.outcome} (${result.reason}): ${result.message}`;
  }
}

/** A MIR verb's answer: `isError` false, the value as structured content and as JSON text. */
export function verbToolResult(verb: string, value: Readonly<Record<string, unknown>>): CallToolResult {
  return {
    content: [{ type: 'text', text: `${verb}: ${JSON.stringify(value)}` }],
    structuredContent: { ...value },
  };
}
