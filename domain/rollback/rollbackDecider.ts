import type { PolicyDecision } from '../policies/policyRequest.js';
import type { RunState } from '../runs/runDecider.js';
import { RunError } from '../runs/runErrors.js';
import type { GovernedOrigin } from '../toolCalls/ports.js';
import type {
  CompensationProblem,
  RollbackPlan,
  RollbackPoint,
  RollbackRefusedData,
  RollbackStartedData,
  RunRolledBackData,
  RunRollbackFailedData,
} from './rollbackEvents.js';
import type { RollbackHistory } from './rollbackHistory.js';
import { isEmptyPlan } from './rollbackPlanner.js';
import { policyRecord } from './rollbackPolicy.js';

export interface RollbackRunCommand {
  readonly runId: string;
  readonly point: RollbackPoint;
  readonly reason: string;
}

/** What the service gathered before deciding: the run, its history and plan, and the policy's decision. */
export interface RollbackStartInput {
  readonly rollbackId: string;
  readonly command: RollbackRunCommand;
  readonly state: RunState;
  readonly history: RollbackHistory;
  readonly plan: RollbackPlan;
  /** Null when policy was not asked (`needsPolicy` false). */
  readonly decision: PolicyDecision | null;
}

export type RollbackStart =
  | { readonly kind: 'nothing'; readonly pointPosition: number }
  | { readonly kind: 'refused'; readonly refused: RollbackRefusedData }
  | { readonly kind: 'started'; readonly started: RollbackStartedData };

/** Whether policy must be asked: not for a rollback refused before it (one in progress) or one with nothing to do. */
export function needsPolicy(history: RollbackHistory, plan: RollbackPlan): boolean {
  return history.inProgress === null && !isEmptyPlan(plan);
}

/**
 * Decides whether a rollback starts. Pure. A run that does not exist for the caller's tenant (or never started)
 * throws `RUN_NOT_FOUND` (nothing recorded). Then, in order: a rollback in progress → refused
 * `ROLLBACK_IN_PROGRESS`; an empty plan → nothing (a no-op answer); a policy deny (or an approval gate, until
 * approvals of rollbacks are supported) → refused `POLICY_DENIED` naming the determining policies; allow →
 * `RollbackStarted` with the plan.
 */
export function decideRollbackStart(input: RollbackStartInput, origin: GovernedOrigin): RollbackStart {
  const { rollbackId, command, state, history, plan, decision } = input;
  requireStartedRun(command.runId, state, origin.tenant);
  const refuse = (
    reason: RollbackRefusedData['reason'],
    message: string,
    details: RollbackRefusedData['details'],
  ) => ({
    kind: 'refused' as const,
    refused: {
      rollbackId,
      point: command.point,
      reason,
      message,
      requestedBy: origin.actor.id,
      role: origin.role,
      details,
    },
  });
  if (history.inProgress !== null)
    return refuse(
      'ROLLBACK_IN_PROGRESS',
      `rollback ${history.inProgress.rollbackId} of the run has not ended`,
      {
        runId: command.runId,
        rollbackId: history.inProgress.rollbackId,
      },
    );
  if (isEmptyPlan(plan) || decision === null) return { kind: 'nothing', pointPosition: plan.pointPosition };
  if (decision.outcome !== 'allow')
    return refuse('POLICY_DENIED', decision.reasons.join('; ') || `policy said ${decision.outcome}`, {
      outcome: decision.outcome,
      determiningPolicies: [...decision.determiningPolicies],
      policySetVersion: decision.policySetVersion,
      inputDigest: decision.inputDigest,
    });
  const started: RollbackStartedData = {
    rollbackId,
    point: command.point,
    reason: command.reason,
    requestedBy: origin.actor.id,
    role: origin.role,
    plan,
    policy: policyRecord(decision, null),
  };
  return { kind: 'started', started };
}

/** Refuses (`RUN_NOT_FOUND`, nothing recorded) a run that never started or is another tenant's. */
export function requireStartedRun(runId: string, state: RunState, tenant: string): void {
  if (state.status === null || state.tenant !== tenant)
    throw new RunError('RUN_NOT_FOUND', `run ${runId} not found`, { runId });
}

/** How one planned compensation went: completed (with its call id), or the problem. */
export type CompensationOutcome =
  | { readonly ok: true; readonly callId: string; readonly compensationCallId: string }
  | ({ readonly ok: false } & CompensationProblem);

export type RollbackEnd =
  | { readonly type: 'RunRolledBack'; readonly data: RunRolledBackData }
  | { readonly type: 'RunRollbackFailed'; readonly data: RunRollbackFailedData };

/**
 * The events that end a started rollback once every compensation has an outcome: one `MemoryUnapplied` per
 * planned memory, then `RunRolledBack` when every compensation completed, else `RunRollbackFailed` naming each
 * that did not. Pure; nothing when the run is no longer rolling back with this id (already ended).
 */
export function decideRollbackEnd(
  state: RunState,
  started: RollbackStartedData,
  outcomes: readonly CompensationOutcome[],
): readonly ({ readonly type: 'MemoryUnapplied'; readonly data: object } | RollbackEnd)[] {
  const { rollbackId, plan } = started;
  if (state.rollingBack !== rollbackId) return [];
  const unapplied = plan.unapply.map(({ memoryId, memoryRevision }) => ({
    type: 'MemoryUnapplied' as const,
    data: { rollbackId, memoryId, memoryRevision },
  }));
  const compensated = outcomes.flatMap((outcome) =>
    outcome.ok ? [{ callId: outcome.callId, compensationCallId: outcome.compensationCallId }] : [],
  );
  const failed = outcomes.flatMap((outcome): CompensationProblem[] => {
    if (outcome.ok) return [];
    const { callId, compensationCallId, outcome: how, reason, message } = outcome;
    return [{ callId, compensationCallId, outcome: how, reason, message }];
  });
  const data = { rollbackId, compensated, leftBehind: plan.leftBehind };
  const end: RollbackEnd =
    failed.length === 0
      ? { type: 'RunRolledBack', data }
      : { type: 'RunRollbackFailed', data: { ...data, failed } };
  return [...unapplied, end];
}
