import { idempotencyConflict } from '../errors/ledgerErrors.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { differingArguments } from '../events/differingArguments.js';
import type { ToolCallCompletedData, ToolCallFailedData, ToolResultRefusedData } from './toolCallEvents.js';
import type { ToolResultOutcome } from './toolCallResult.js';
import type { RecordToolResultCommand } from './toolCallService.js';

/**
 * The outcome a keyed `recordToolResult` recorded first (`ToolCallCompleted`, `ToolCallFailed` or
 * `ToolResultRefused`), for a retry: `events` is left to the caller. Compared with the retry: the call, the
 * grant, and the reported outcome as recorded (the output's digest; an app error's message). An output the tool's
 * schema refused (`TOOL_OUTPUT_INVALID`) was not recorded: only that the retry reports an output is checked.
 * Throws IDEMPOTENCY_CONFLICT naming the fields that differ. Pure.
 */
export function replayedToolResult(
  command: RecordToolResultCommand,
  outputDigest: string | null,
  first: RecordedEvent,
): ToolResultOutcome {
  const { callId, grantId } = command;
  const error = 'error' in command.outcome ? command.outcome.error : null;
  const result = outcomeOf(first);
  const args: Record<string, unknown> = { callId, grantId };
  if (first.type === 'ToolCallCompleted' || first.type === 'ToolResultRefused')
    args.outputDigest = outputDigest;
  const differing = result === null ? ['outcome'] : differingArguments(args, first.data);
  if (result?.outcome === 'failed') {
    const same = result.reason === 'APP_REPORTED_ERROR' ? result.message === error : error === null;
    if (!same) differing.push('outcome');
  }
  if (differing.length > 0)
    throw idempotencyConflict('idempotency key reused with other arguments for RecordToolResult', {
      runId: command.runId,
      command: 'RecordToolResult',
      fields: differing,
    });
  return result!;
}

function outcomeOf(event: RecordedEvent): ToolResultOutcome | null {
  if (event.type === 'ToolCallCompleted') {
    const { callId, output, outputDigest, compensation } = event.data as unknown as ToolCallCompletedData;
    return { outcome: 'completed', callId, output, outputDigest, compensation, events: [] };
  }
  if (event.type === 'ToolCallFailed') {
    const { callId, reason, message } = event.data as unknown as ToolCallFailedData;
    return { outcome: 'failed', callId, reason, message, events: [] };
  }
  if (event.type === 'ToolResultRefused') {
    const { callId, reason, message } = event.data as unknown as ToolResultRefusedData;
    return { outcome: 'refused', callId, reason, message, events: [] };
  }
  return null;
}
