import { hasErrorCode, isMirError } from '../errors/mirError.js';
import type { AppendedEvent } from '../ports/eventLog.js';
import type { GovernedOrigin } from '../toolCalls/ports.js';
import type { ToolCallService } from '../toolCalls/toolCallService.js';
import type { CompensationOutcome } from './rollbackDecider.js';
import type { PlannedCompensation } from './rollbackEvents.js';

/**
 * Runs one planned compensation as an ordinary governed call (`ToolCallService.invokeTool`: schema, rate limit,
 * policy, approval, recorded like any call), linked to the rollback and the call it compensates. Its idempotency
 * key — hence its call id — derives from the rollback and the compensated call, for the rollback's principal: a
 * second attempt (a resume after a crash) gets the recorded outcome back and runs nothing. A request recorded
 * without an outcome (`TOOL_CALL_IN_PROGRESS`: the process died while the tool executed) is `interrupted`: its
 * effect is unknown, so it is reported and never run again.
 */
export async function runCompensation(
  toolCalls: Pick<ToolCallService, 'invokeTool'>,
  runId: string,
  rollbackId: string,
  planned: PlannedCompensation,
  origin: GovernedOrigin,
): Promise<{ outcome: CompensationOutcome; appended: readonly AppendedEvent[] }> {
  const { callId, compensation } = planned;
  const compensationOrigin: GovernedOrigin = {
    ...origin,
    idempotencyKey: `rollback ${rollbackId} compensates ${callId}`,
    correlationId: origin.correlationId ?? rollbackId,
  };
  const call = {
    runId,
    tool: compensation.tool,
    version: compensation.version,
    args: compensation.args,
    compensates: { rollbackId, callId },
  };
  try {
    const result = await toolCalls.invokeTool(call, compensationOrigin);
    const compensationCallId = result.callId;
    if (result.outcome === 'completed')
      return { outcome: { ok: true, callId, compensationCallId: result.callId }, appended: result.events };
    const reason = 'reason' in result ? result.reason : result.outcome;
    const message = 'message' in result ? result.message : `the compensation is ${result.outcome}`;
    const outcome = {
      ok: false as const,
      callId,
      compensationCallId,
      outcome: result.outcome,
      reason,
      message,
    };
    return { outcome, appended: result.events };
  } catch (error) {
    if (!isMirError(error)) throw error;
    const interrupted = hasErrorCode(error, 'TOOL_CALL_IN_PROGRESS');
    const compensationCallId = typeof error.details.callId === 'string' ? error.details.callId : null;
    const message = interrupted
      ? 'the process stopped while the compensation executed: its effect is unknown, so it is not run again'
      : error.message;
    const how = interrupted ? 'interrupted' : 'error';
    const outcome = {
      ok: false as const,
      callId,
      compensationCallId,
      outcome: how,
      reason: error.code,
      message,
    };
    return { outcome, appended: [] };
  }
}
