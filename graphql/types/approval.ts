import type { ApprovalDecisionResult, PendingApproval } from '../../domain/index.js';
import { builder } from '../builder.js';
import type { GraphqlContext } from '../context.js';
import { argsOf } from '../loaders/approvalDetails.js';
import { AppendedEventType } from './toolCallResult.js';

/** A pending approval as the reviewers' queue lists it, with whether its deadline has passed. */
export type PendingApprovalView = PendingApproval & { readonly expired: boolean };

/** A determining policy of an approval and its Cedar text at the recorded policy-set version. */
interface ApprovalPolicy {
  readonly id: string;
  readonly text: string | null;
}

const ApprovalPolicyType = builder.objectRef<ApprovalPolicy>('ApprovalPolicy').implement({
  description:
    'A policy that asked for the approval, with its Cedar text in the policy-set version that decided.',
  fields: (t) => ({
    id: t.exposeString('id', { description: 'Its `@id`.' }),
    text: t.exposeString('text', {
      nullable: true,
      description: 'Its Cedar text; null when the version cannot be found or split into policies.',
    }),
  }),
});

async function approvalPolicies(
  approval: PendingApproval,
  context: GraphqlContext,
): Promise<ApprovalPolicy[]> {
  const version = approval.policySetVersion;
  const set = version === null ? null : await context.loaders.policySet.load(version);
  return approval.determiningPolicies.map((id) => ({ id, text: set?.policies?.[id] ?? null }));
}

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
    args: t.field({
      type: 'JSON',
      description:
        'The args the call will run with, from its `ToolCallRequested` (they digest to `argsDigest`); `{}` when ' +
        "no request is recorded (`argsRecorded` false: a rollback's approval, bound to its run and point by " +
        '`argsDigest` alone).',
      resolve: async (approval, _args, context) => argsOf(await context.loaders.approvalCall.load(approval)),
    }),
    argsRecorded: t.boolean({
      description: "Whether `args` are the recorded request's (false: no `ToolCallRequested` is recorded).",
      resolve: async (approval, _args, context) =>
        (await context.loaders.approvalCall.load(approval)).requested !== null,
    }),
    riskScore: t.float({
      nullable: true,
      description:
        "The risk classifier's score (0..1) in the `PolicyDecided` that asked for this approval; null when not scored.",
      resolve: async (approval, _args, context) =>
        (await context.loaders.approvalCall.load(approval)).decided?.riskScore ?? null,
    }),
    policies: t.field({
      type: [ApprovalPolicyType],
      description: 'The determining policies with their Cedar text at `policySetVersion`.',
      resolve: (approval, _args, context) => approvalPolicies(approval, context),
    }),
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
