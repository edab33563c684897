import type { CompletionResult } from '../../domain/index.js';
import { builder } from '../builder.js';
import { JsonScalar } from './jsonScalar.js';
import { AppendedEventType, UNRECORDED_ERRORS } from './toolCallResult.js';

type OutcomeOf<Name extends CompletionResult['outcome']> = Extract<CompletionResult, { outcome: Name }>;

const OUTCOME_TYPE_NAMES: Readonly<Record<CompletionResult['outcome'], string>> = {
  completed: 'CompletionReleased',
  embedded: 'EmbeddingsCompleted',
  pending_approval: 'CompletionPendingApproval',
  denied: 'CompletionRefused',
  withheld: 'CompletionWithheldResult',
  failed: 'CompletionFailedResult',
  grant_refused: 'CompletionGrantRefused',
};

const EVENTS_DESCRIPTION = "What this outcome recorded on the run's stream, in order: the evidence.";
const eventsOf = (result: CompletionResult) => [...result.events];

const TokenUsageType = builder
  .objectRef<{ promptTokens: number; completionTokens: number; totalTokens: number }>('TokenUsage')
  .implement({
    description: 'Tokens as the endpoint reported them.',
    fields: (t) => ({
      promptTokens: t.exposeInt('promptTokens'),
      completionTokens: t.exposeInt('completionTokens'),
      totalTokens: t.exposeInt('totalTokens'),
    }),
  });

const ReleasedType = builder.objectRef<OutcomeOf<'completed'>>('CompletionReleased').implement({
  description:
    'The engine answered and the output guardrail released the response (`CompletionCompleted`; the response is ' +
    'stored as the blob `responseDigest` names).',
  fields: (t) => ({
    completionId: t.exposeID('completionId'),
    engine: t.exposeString('engine'),
    model: t.exposeString('model'),
    reportedModel: t.exposeString('reportedModel', { description: 'The model id the endpoint reported.' }),
    content: t.exposeString('content'),
    toolCalls: t.field({
      type: JsonScalar,
      description: 'The tool calls the model asked for: `[{ id, name, arguments }]`.',
      resolve: (result) => result.toolCalls.map((call) => ({ ...call })),
    }),
    finishReason: t.exposeString('finishReason'),
    usage: t.field({ type: TokenUsageType, nullable: true, resolve: (result) => result.usage }),
    responseDigest: t.exposeString('responseDigest'),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const EmbeddedType = builder.objectRef<OutcomeOf<'embedded'>>('EmbeddingsCompleted').implement({
  description:
    'The engine answered one vector per input, in input order (`CompletionCompleted` of kind embeddings).',
  fields: (t) => ({
    completionId: t.exposeID('completionId'),
    engine: t.exposeString('engine'),
    model: t.exposeString('model'),
    reportedModel: t.exposeString('reportedModel'),
    vectors: t.field({
      type: JsonScalar,
      description: 'One vector (a list of numbers) per input, in input order.',
      resolve: (result) => result.vectors.map((vector) => [...vector]),
    }),
    usage: t.field({ type: TokenUsageType, nullable: true, resolve: (result) => result.usage }),
    responseDigest: t.exposeString('responseDigest'),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const PendingType = builder.objectRef<OutcomeOf<'pending_approval'>>('CompletionPendingApproval').implement({
  description:
    'Policy requires a human (`ApprovalRequested` for `engine:<name>@<model>`): once a reviewer approves, send the ' +
    'same request with `approvalId`.',
  fields: (t) => ({
    completionId: t.exposeID('completionId'),
    approvalId: t.exposeID('approvalId'),
    expiresAt: t.exposeString('expiresAt'),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const RefusedType = builder.objectRef<OutcomeOf<'denied'>>('CompletionRefused').implement({
  description:
    'Refused before any call and recorded (`CompletionDenied`): ENGINE_UNKNOWN, RUN_BUDGET_EXCEEDED (the run ends), ' +
    'POLICY_DENIED, APPROVAL_QUEUE_FULL.',
  fields: (t) => ({
    completionId: t.exposeID('completionId'),
    reason: t.exposeString('reason'),
    message: t.exposeString('message'),
    details: t.field({ type: JsonScalar, resolve: (result) => ({ ...result.details }) }),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const WithheldType = builder.objectRef<OutcomeOf<'withheld'>>('CompletionWithheldResult').implement({
  description:
    'The engine answered and the output guardrail (`releaseCompletion`) withheld the response: recorded as evidence ' +
    '(`CompletionWithheld`), never returned.',
  fields: (t) => ({
    completionId: t.exposeID('completionId'),
    message: t.exposeString('message'),
    riskScore: t.exposeFloat('riskScore', {
      nullable: true,
      description: "The classifier's score of the response.",
    }),
    determiningPolicies: t.exposeStringList('determiningPolicies'),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const FailedType = builder.objectRef<OutcomeOf<'failed'>>('CompletionFailedResult').implement({
  description:
    'The call was allowed and the engine gave no answer (`CompletionFailed`): ENGINE_TIMEOUT, ENGINE_UNAVAILABLE, ' +
    'ENGINE_RATE_LIMITED, ENGINE_AUTH_FAILED, ENGINE_REQUEST_REJECTED, ENGINE_BAD_RESPONSE, ENGINE_ABORTED, ' +
    'ENGINE_SECRET_UNREADABLE.',
  fields: (t) => ({
    completionId: t.exposeID('completionId'),
    reason: t.exposeString('reason'),
    message: t.exposeString('message'),
    attempts: t.exposeInt('attempts', { nullable: true }),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const GrantRefusedType = builder.objectRef<OutcomeOf<'grant_refused'>>('CompletionGrantRefused').implement({
  description:
    'The approval presented was refused (`ApprovalGrantRefused`: unknown, not granted, expired, used, or for another ' +
    'engine, prompt, parameters or policy version); nothing was called.',
  fields: (t) => ({
    approvalId: t.exposeID('approvalId'),
    completionId: t.exposeID('completionId', { nullable: true }),
    reason: t.exposeString('reason'),
    message: t.exposeString('message'),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

function resolveOutcomeType(value: unknown): string | undefined {
  const outcome = (value as { outcome?: unknown }).outcome;
  return typeof outcome === 'string' && outcome in OUTCOME_TYPE_NAMES
    ? OUTCOME_TYPE_NAMES[outcome as CompletionResult['outcome']]
    : undefined;
}

export const CompletionResultType = builder.errorUnion('CompletionResult', {
  description:
    'Every outcome of a completion or embeddings request was recorded on the run; the error members mean nothing ' +
    'was recorded.',
  types: [
    ReleasedType,
    EmbeddedType,
    PendingType,
    RefusedType,
    WithheldType,
    FailedType,
    GrantRefusedType,
    ...UNRECORDED_ERRORS,
  ],
  resolveType: resolveOutcomeType,
});
