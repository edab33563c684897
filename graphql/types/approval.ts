import type { ApprovalDecisionResult, PendingApproval } from '../../domain/index.js';
import { builder } from '../builder.js';
import { AppendedEventType } from './toolCallResult.js';

/** A pending approval as the reviewers' queue lists it, with whether its deadline has passed. */
export type PendingApprovalView = PendingApproval & { readonly expired: boolean };

export const PendingApprovalType = builder.objectRef<PendingApprovalView>('PendingApproval').implement({
  description:
    'A tool call waiting for a reviewer (`ApprovalRequested`), not yet granted, denied or expired, on a run that ' +
    'has not ended.',
  fields: (t) => ({
    approvalId: t.exposeID('approvalId'),
    runId: t.exposeID('runId'),
    callId: t.exposeID('callId'),
    tool: t.string({ resolve: (approval) => approval.tool.name }),
    toolVersion: t.string({ resolve: (approval) => approval.tool.version }),
    argsDigest: t.exposeString('argsDigest', {
      description: 'SHA-256 of the canonical args: an approval is bound to exactly these args.',
    }),
    policySetVersion: t.exposeInt('policySetVersion', { nullable: true }),
    determiningPolicies: t.exposeStringList('determiningPolicies'),
    reasons: t.exposeStringList('reasons'),
    requestedBy: t.exposeString('requestedBy', {
      description: 'The principal (API key id) that made the call.',
    }),
    requestedAt: t.exposeString('requestedAt'),
    expiresAt: t.exposeString('expiresAt'),
    expired: t.exposeBoolean('expired', {
      description: 'The deadline has passed: deciding it now records `ApprovalExpired`.',
    }),
    position: t.expose('position', { type: 'Position' }),
  }),
});

export const ApprovalDecisionEnum = builder.enumType('ApprovalDecisionInput', {
  description: "A reviewer's decision on a pending approval.",
  values: { APPROVE: { value: 'approve' }, REJECT: { value: 'reject' } } as const,
});

const ApprovalOutcomeEnum = builder.enumType('ApprovalOutcome', {
  values: ['granted', 'denied', 'expired', 'refused'] as const,
});

export const ApprovalDecisionType = builder.objectRef<ApprovalDecisionResult>('ApprovalDecision').implement({
  description:
    "The decision as recorded on the run's stream: `granted` (`ApprovalGranted`), `denied` (`ApprovalDenied`, " +
    'the call denied), `expired` (`ApprovalExpired`) or `refused` (`ApprovalRefused`: unknown approval, not a ' +
    'reviewer, the requester itself (`SELF_APPROVAL`), or no longer pending).',
  fields: (t) => ({
    outcome: t.field({ type: ApprovalOutcomeEnum, resolve: (result) => result.outcome }),
    reason: t.exposeString('reason', {
      description:
        'APPROVED, APPROVAL_DENIED, APPROVAL_EXPIRED, or the refusal: APPROVAL_UNKNOWN, SELF_APPROVAL, …',
    }),
    events: t.field({
      type: [AppendedEventType],
      description: "What this decision recorded on the run's stream.",
      resolve: (result) => [...result.events],
    }),
  }),
});
