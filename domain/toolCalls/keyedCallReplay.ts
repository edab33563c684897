import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { EventLog } from '../ports/eventLog.js';
import { idempotencyConflict } from '../errors/ledgerErrors.js';
import { runStream } from '../runs/runEvents.js';
import { ToolError } from '../tools/toolErrors.js';
import type { ApprovalRequestedData } from '../approvals/approvalEvents.js';
import type { CallRecord } from '../runs/runRecords.js';
import type { ToolCallResult } from './toolCallResult.js';
import type {
  ToolCallCompletedData,
  ToolCallDeniedData,
  ToolCallFailedData,
  ToolGrantIssuedData,
} from './toolCallEvents.js';

const OUTCOME_TYPES = new Set(['ToolCallCompleted', 'ToolCallFailed', 'ToolCallDenied']);

/**
 * The recorded result of a call made earlier with the same idempotency key: nothing runs or is appended again.
 * The latest fact about the call decides: an outcome, else a pending approval or an issued grant; a call with
 * none of these is still in flight (`TOOL_CALL_IN_PROGRESS`). The same key with other args is refused.
 */
export async function replayKeyedCall(
  log: EventLog,
  runId: string,
  call: CallRecord,
  argsDigest: string,
): Promise<ToolCallResult> {
  if (call.argsDigest !== argsDigest)
    throw idempotencyConflict('idempotency key reused for another tool call', {
      callId: call.callId,
      fields: ['args'],
    });
  const events = (await log.readStream(runStream(runId))).filter(
    (event) => (event.data as { callId?: unknown }).callId === call.callId,
  );
  const references = events.map(({ id, revision, position, hash }) => ({ id, revision, position, hash }));
  const latest = (type: string): RecordedEvent | undefined => events.findLast((event) => event.type === type);
  const outcome = events.findLast((event) => OUTCOME_TYPES.has(event.type));
  const base = { callId: call.callId, events: references };
  if (outcome?.type === 'ToolCallCompleted') {
    const { output, outputDigest, compensation } = outcome.data as unknown as ToolCallCompletedData;
    return { ...base, outcome: 'completed', output, outputDigest, compensation };
  }
  if (outcome?.type === 'ToolCallFailed') {
    const { reason, message } = outcome.data as unknown as ToolCallFailedData;
    return { ...base, outcome: 'failed', reason, message };
  }
  if (outcome?.type === 'ToolCallDenied') {
    const { reason, message, details } = outcome.data as unknown as ToolCallDeniedData;
    return { ...base, outcome: 'denied', reason, message, details };
  }
  const grant = latest('ToolGrantIssued');
  if (grant !== undefined) {
    const { grantId, expiresAt } = grant.data as unknown as ToolGrantIssuedData;
    return { ...base, outcome: 'granted', grantId, argsDigest: call.argsDigest, expiresAt };
  }
  const approval = latest('ApprovalRequested');
  if (approval !== undefined) {
    const { approvalId, expiresAt } = approval.data as unknown as ApprovalRequestedData;
    return { ...base, outcome: 'pending_approval', approvalId, expiresAt };
  }
  throw new ToolError('TOOL_CALL_IN_PROGRESS', 'the tool call with this idempotency key has not finished', {
    callId: call.callId,
  });
}
