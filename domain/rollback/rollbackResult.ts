import type { ApprovalGrantRefusedData, ApprovalRequestedData } from '../approvals/approvalEvents.js';
import type { JsonValue } from '../events/json.js';
import type { AppendedEvent } from '../ports/eventLog.js';
import { RollbackError } from './rollbackErrors.js';
import type {
  CompensationProblem,
  LeftBehindCall,
  PlannedUnapply,
  RollbackRefusedData,
  RollbackStartedData,
  RunRollbackFailedData,
} from './rollbackEvents.js';

/** A compensated call and the call that compensated it. */
export interface CompensatedCall {
  readonly callId: string;
  readonly compensationCallId: string;
}

/** What `rollbackRun` answers. `events`: what this answer recorded on the run's stream (empty for a replay or no-op). */
export type RollbackResult =
  | {
      readonly outcome: 'nothing_to_roll_back';
      readonly runId: string;
      readonly pointPosition: number;
      readonly events: readonly AppendedEvent[];
    }
  | {
      readonly outcome: 'denied';
      readonly rollbackId: string;
      /** `POLICY_DENIED`, or why a presented grant was refused (`GRANT_USED`, `ARGS_MISMATCH`, …). */
      readonly reason: string;
      readonly message: string;
      readonly details: { readonly [key: string]: JsonValue };
      readonly events: readonly AppendedEvent[];
    }
  | {
      readonly outcome: 'pending_approval';
      readonly rollbackId: string;
      readonly approvalId: string;
      readonly expiresAt: string;
      readonly determiningPolicies: readonly string[];
      readonly events: readonly AppendedEvent[];
    }
  | {
      readonly outcome: 'rolled_back' | 'rollback_failed';
      readonly rollbackId: string;
      readonly pointPosition: number;
      readonly compensated: readonly CompensatedCall[];
      readonly failed: readonly CompensationProblem[];
      readonly unapplied: readonly PlannedUnapply[];
      readonly leftBehind: readonly LeftBehindCall[];
      readonly events: readonly AppendedEvent[];
    };

/** The answer of a recorded `RollbackRefused`; `ROLLBACK_IN_PROGRESS` is thrown (typed, after recording). */
export function refusedResult(
  refused: RollbackRefusedData,
  events: readonly AppendedEvent[],
): RollbackResult {
  const { rollbackId, reason, message, details } = refused;
  if (reason === 'ROLLBACK_IN_PROGRESS')
    throw new RollbackError('ROLLBACK_IN_PROGRESS', message, {
      ...details,
      refusalEventId: events[0]?.id ?? null,
    });
  return { outcome: 'denied', rollbackId, reason, message, details, events };
}

/** The answer of a recorded `ApprovalGrantRefused` for a rollback. */
export function grantRefusedResult(
  refused: ApprovalGrantRefusedData,
  events: readonly AppendedEvent[],
): RollbackResult {
  const { callId, reason, message, expected, actual, approvalId } = refused;
  const details = { approvalId, expected, actual };
  return { outcome: 'denied', rollbackId: callId ?? '', reason, message, details, events };
}

/** The answer of a recorded `ApprovalRequested` for a rollback. */
export function pendingResult(
  requested: ApprovalRequestedData,
  events: readonly AppendedEvent[],
): RollbackResult {
  const { callId, approvalId, expiresAt, determiningPolicies } = requested;
  return {
    outcome: 'pending_approval',
    rollbackId: callId,
    approvalId,
    expiresAt,
    determiningPolicies,
    events,
  };
}

/** The answer of an ended rollback, from its start and its end event. */
export function endResult(
  started: RollbackStartedData,
  end: { readonly type: string; readonly data: RunRollbackFailedData },
  events: readonly AppendedEvent[],
): RollbackResult {
  return {
    outcome: end.type === 'RunRolledBack' ? 'rolled_back' : 'rollback_failed',
    rollbackId: started.rollbackId,
    pointPosition: started.plan.pointPosition,
    compensated: end.data.compensated,
    failed: end.data.failed ?? [],
    unapplied: started.plan.unapply,
    leftBehind: started.plan.leftBehind,
    events,
  };
}
