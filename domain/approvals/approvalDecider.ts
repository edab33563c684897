import type { ApprovalRecord } from '../runs/runRecords.js';
import type { RunState } from '../runs/runDecider.js';
import type { PlannedEvent } from '../commands/eventEnvelopes.js';
import type { ApprovalRefusalReason } from './approvalEvents.js';

export interface DecideApprovalCommand {
  readonly runId: string;
  readonly approvalId: string;
  readonly decision: 'approve' | 'reject';
  readonly reason: string;
}

export interface ApprovalDecisionContext {
  readonly principal: string;
  readonly role: string;
  readonly now: number;
  /** How long an approved grant stays usable. */
  readonly grantTtlMs: number;
}

export type ApprovalOutcome = 'granted' | 'denied' | 'expired' | 'refused';

/**
 * Decides a reviewer's decision on a pending approval of an active run (the caller checked the run). Refusals are
 * events too: an unknown approval, a principal without the reviewer role, the requester deciding its own request
 * (`SELF_APPROVAL`), an approval no longer pending → `ApprovalRefused`; past its deadline → `ApprovalExpired`.
 * Approve → `ApprovalGranted` bound to the args digest and policy version the reviewer saw; reject →
 * `ApprovalDenied` and the call ends with `ToolCallDenied` (`APPROVAL_DENIED`). Pure.
 */
export function decideApproval(
  view: RunState,
  command: DecideApprovalCommand,
  context: ApprovalDecisionContext,
): { readonly outcome: ApprovalOutcome; readonly reason: string; readonly events: PlannedEvent[] } {
  const approval = view.approvals.get(command.approvalId);
  if (approval === undefined)
    return refuse(command, context, null, 'APPROVAL_UNKNOWN', 'no such approval on this run');
  if (context.role !== 'reviewer')
    return refuse(
      command,
      context,
      approval,
      'NOT_REVIEWER',
      `role ${context.role} may not decide approvals`,
    );
  if (context.principal === approval.requestedBy)
    return refuse(
      command,
      context,
      approval,
      'SELF_APPROVAL',
      'the requester may not decide its own request',
    );
  if (approval.status !== 'pending')
    return refuse(command, context, approval, 'NOT_PENDING', `the approval is ${approval.status}`);
  const { approvalId, callId } = approval;
  if (context.now > approval.expiresAt) {
    const data = { approvalId, callId, expiresAt: new Date(approval.expiresAt).toISOString() };
    return { outcome: 'expired', reason: 'APPROVAL_EXPIRED', events: [{ type: 'ApprovalExpired', data }] };
  }
  if (command.decision === 'approve') return grant(approval, command, context);
  const denied = { approvalId, callId, decidedBy: context.principal, reason: command.reason };
  const call = view.calls.get(callId);
  // An approval that gates no tool call (a rollback's) ends with its denial: there is no call to deny.
  if (call === undefined)
    return {
      outcome: 'denied',
      reason: 'APPROVAL_DENIED',
      events: [{ type: 'ApprovalDenied', data: denied }],
    };
  const callDenied = {
    callId,
    tool: call.tool,
    argsDigest: call.argsDigest,
    reason: 'APPROVAL_DENIED',
    message: command.reason,
    details: { approvalId, deniedBy: context.principal },
    policySetVersion: approval.policySetVersion,
  };
  return {
    outcome: 'denied',
    reason: 'APPROVAL_DENIED',
    events: [
      { type: 'ApprovalDenied', data: denied },
      { type: 'ToolCallDenied', data: callDenied },
    ],
  };
}

function grant(approval: ApprovalRecord, command: DecideApprovalCommand, context: ApprovalDecisionContext) {
  const data = {
    approvalId: approval.approvalId,
    callId: approval.callId,
    argsDigest: approval.argsDigest,
    policySetVersion: approval.policySetVersion,
    decidedBy: context.principal,
    reason: command.reason,
    grantExpiresAt: new Date(context.now + context.grantTtlMs).toISOString(),
  };
  return { outcome: 'granted' as const, reason: 'APPROVED', events: [{ type: 'ApprovalGranted', data }] };
}

function refuse(
  command: DecideApprovalCommand,
  context: ApprovalDecisionContext,
  approval: ApprovalRecord | null,
  reason: ApprovalRefusalReason,
  message: string,
) {
  const data = {
    approvalId: command.approvalId,
    reason,
    attemptedBy: context.principal,
    role: context.role,
    message,
    argsDigest: approval?.argsDigest ?? null,
    policySetVersion: approval?.policySetVersion ?? null,
  };
  return { outcome: 'refused' as const, reason, events: [{ type: 'ApprovalRefused', data }] };
}
