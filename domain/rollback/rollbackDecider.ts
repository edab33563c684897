import type {
  ApprovalGrantRefusedData,
  ApprovalGrantUsedData,
  ApprovalRequestedData,
} from '../approvals/approvalEvents.js';
import type { GrantCheck } from '../approvals/grantCheck.js';
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
import { rollbackApprovalRequested, rollbackGrantRefused, rollbackGrantUsed } from './rollbackApproval.js';

export interface RollbackRunCommand {
  readonly runId: string;
  readonly point: RollbackPoint;
  readonly reason: string;
  /** Resume a rollback a reviewer approved: the grant must be for this run and point, used by its requester. */
  readonly approvalId?: string;
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
  /** Digest of `rollbackArgs`: what an approval is bound to. */
  readonly argsDigest: string;
  /** The grant presented with `approvalId`, as `checkGrant` found it; null when none was presented. */
  readonly grant: GrantCheck | null;
  /** Id and deadline of the approval to ask for, should policy require one. */
  readonly newApproval: { readonly approvalId: string; readonly expiresAt: string };
}

export type RollbackStart =
  | { readonly kind: 'nothing'; readonly pointPosition: number }
  | { readonly kind: 'refused'; readonly refused: RollbackRefusedData }
  | { readonly kind: 'grant_refused'; readonly refused: ApprovalGrantRefusedData }
  | {
      readonly kind: 'pending_approval';
      readonly requested: ApprovalRequestedData;
      readonly plan: RollbackPlan;
    }
  | {
      readonly kind: 'started';
      readonly started: RollbackStartedData;
      readonly grantUsed: ApprovalGrantUsedData | null;
    };

/** Whether policy must be asked: not for a rollback refused before it (one in progress) or one with nothing to do. */
export function needsPolicy(history: RollbackHistory, plan: RollbackPlan): boolean {
  return history.inProgress === null && !isEmptyPlan(plan);
}

/**
 * Decides whether a rollback starts. Pure. A run that does not exist for the caller's tenant (or never started)
 * throws `RUN_NOT_FOUND` (nothing recorded). Then, in order: a presented grant `checkGrant` refused →
 * `ApprovalGrantRefused`; a rollback in progress → refused `ROLLBACK_IN_PROGRESS`; an empty plan → nothing (a
 * no-op answer); a policy deny → refused `POLICY_DENIED` naming the determining policies; an approval gate →
 * `ApprovalRequested` (pending); allow → `RollbackStarted` with the plan, after `ApprovalGrantUsed` when a grant
 * lifted a gate (refused `POLICY_VERSION_CHANGED` when the policy set changed since the approval was asked).
 */
export function decideRollbackStart(input: RollbackStartInput, origin: GovernedOrigin): RollbackStart {
  const { rollbackId, command, state, history, plan, decision, grant } = input;
  requireStartedRun(command.runId, state, origin.tenant);
  if (grant !== null && !grant.ok)
    return {
      kind: 'grant_refused',
      refused: rollbackGrantRefused(command.approvalId!, grant, input.argsDigest, null, origin),
    };
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
  if (decision.outcome === 'require_approval') {
    const requested = rollbackApprovalRequested(
      rollbackId,
      input.newApproval,
      input.argsDigest,
      decision,
      origin,
    );
    return { kind: 'pending_approval', requested, plan };
  }
  if (grant !== null && grant.approval.policySetVersion !== decision.policySetVersion) {
    const changed = {
      ok: false as const,
      reason: 'POLICY_VERSION_CHANGED' as const,
      callId: rollbackId,
      message: 'the policy set changed since the approval was requested',
      expected: grant.approval.policySetVersion,
      actual: decision.policySetVersion,
    };
    const refused = rollbackGrantRefused(
      command.approvalId!,
      changed,
      input.argsDigest,
      decision.policySetVersion,
      origin,
    );
    return { kind: 'grant_refused', refused };
  }
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
    policy: policyRecord(decision, grant?.approval.approvalId ?? null),
  };
  return { kind: 'started', started, grantUsed: grant === null ? null : rollbackGrantUsed(grant, origin) };
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
