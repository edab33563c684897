import type {
  ApprovalExplained,
  AppliedMemoryExplained,
  BudgetUse,
  ModelExplained,
  PolicyDecisionExplained,
} from '../../projections/index.js';
import { builder } from '../builder.js';

const DeterminingPolicyType = builder
  .objectRef<PolicyDecisionExplained['policies'][number]>('DeterminingPolicy')
  .implement({
    description:
      'A policy that determined a decision, with its Cedar text in the policy-set version in force.',
    fields: (t) => ({
      id: t.exposeString('id', { description: "The policy's `@id`." }),
      text: t.exposeString('text', {
        nullable: true,
        description: 'Its Cedar text at that version; null when that version cannot be read or split.',
      }),
    }),
  });

export const PolicyDecisionExplanationType = builder
  .objectRef<PolicyDecisionExplained>('PolicyDecisionExplanation')
  .implement({
    description: "A recorded `PolicyDecided` of the event's tool call, up to the event.",
    fields: (t) => ({
      eventId: t.exposeID('eventId'),
      position: t.expose('position', { type: 'Position' }),
      callId: t.exposeID('callId'),
      outcome: t.exposeString('outcome', { description: '`allow`, `deny` or `require_approval`.' }),
      policySetVersion: t.exposeInt('policySetVersion', { nullable: true }),
      policySetSha256: t.exposeString('policySetSha256', { nullable: true }),
      policies: t.field({ type: [DeterminingPolicyType], resolve: (decision) => [...decision.policies] }),
      reasons: t.exposeStringList('reasons'),
      approved: t.exposeBoolean('approved', { description: 'Decided with a valid approval grant.' }),
      riskScore: t.exposeFloat('riskScore', { nullable: true }),
      principal: t.exposeString('principal'),
    }),
  });

const ApprovalDecisionExplanationType = builder
  .objectRef<NonNullable<ApprovalExplained['decision']>>('ApprovalDecisionExplanation')
  .implement({
    fields: (t) => ({
      outcome: t.exposeString('outcome', { description: '`granted`, `denied` or `expired`.' }),
      by: t.exposeString('by', { nullable: true }),
      at: t.exposeString('at'),
      reason: t.exposeString('reason', { nullable: true }),
      grantExpiresAt: t.exposeString('grantExpiresAt', { nullable: true }),
    }),
  });

const ApprovalUseType = builder
  .objectRef<NonNullable<ApprovalExplained['used']>>('ApprovalUse')
  .implement({ fields: (t) => ({ by: t.exposeString('by'), at: t.exposeString('at') }) });

export const ApprovalExplanationType = builder.objectRef<ApprovalExplained>('ApprovalExplanation').implement({
  description: "The approval of the event's tool call, as the run recorded it up to the event.",
  fields: (t) => ({
    approvalId: t.exposeID('approvalId'),
    callId: t.exposeID('callId'),
    requestedBy: t.exposeString('requestedBy'),
    requestedAt: t.exposeString('requestedAt'),
    argsDigest: t.exposeString('argsDigest', { description: 'The args digest the reviewer saw.' }),
    policySetVersion: t.exposeInt('policySetVersion', { nullable: true }),
    expiresAt: t.exposeString('expiresAt'),
    decision: t.field({
      type: ApprovalDecisionExplanationType,
      nullable: true,
      resolve: (approval) => approval.decision,
    }),
    used: t.field({ type: ApprovalUseType, nullable: true, resolve: (approval) => approval.used }),
  }),
});

export const AppliedMemoryType = builder.objectRef<AppliedMemoryExplained>('AppliedMemory').implement({
  description: 'A memory version applied to the run by the event, with its provenance and reviewer.',
  fields: (t) => ({
    memoryId: t.exposeID('memoryId'),
    memoryRevision: t.exposeInt('memoryRevision'),
    contentDigest: t.exposeString('contentDigest'),
    type: t.exposeString('type'),
    scope: t.exposeString('scope'),
    appliedBy: t.exposeString('appliedBy'),
    appliedAt: t.exposeString('appliedAt'),
    provenance: t.exposeStringList('provenance', { description: 'Source event ids.' }),
    reviewer: t.exposeString('reviewer', {
      nullable: true,
      description: 'Who approved it, as recorded at the applied revision.',
    }),
  }),
});

export const ModelExplanationType = builder.objectRef<ModelExplained>('ModelExplanation').implement({
  description: 'The model of an inference event, from `InferenceRequested` and `InferenceCompleted`.',
  fields: (t) => ({
    inferenceId: t.exposeID('inferenceId'),
    name: t.exposeString('name'),
    version: t.exposeString('version'),
    sha256: t.exposeString('sha256'),
    executionProvider: t.exposeString('executionProvider', { nullable: true }),
    runtime: t.exposeString('runtime', { nullable: true }),
    runtimeVersion: t.exposeString('runtimeVersion', { nullable: true }),
    inputDigest: t.exposeString('inputDigest'),
    outputDigest: t.exposeString('outputDigest', { nullable: true }),
    failure: t.exposeString('failure', { nullable: true }),
  }),
});

export const BudgetUseType = builder.objectRef<BudgetUse>('BudgetUse').implement({
  description: 'One budget of the run at the event: used against its limit (null: unlimited).',
  fields: (t) => ({
    budget: t.exposeString('budget', {
      description: '`steps`, `toolCalls`, `inferenceCalls` or `wallTimeMs`.',
    }),
    used: t.exposeInt('used'),
    limit: t.exposeInt('limit', { nullable: true }),
  }),
});
