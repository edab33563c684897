import type { AppendedEvent, ToolCallResult, ToolResultOutcome } from '../../domain/index.js';
import { builder } from '../builder.js';
import {
  InvalidCommandError,
  LedgerInputError,
  ConcurrencyConflictError,
  RunNotActiveError,
  RunNotFoundError,
} from '../errors/apiErrors.js';
import { PolicyEngineFailedError, PolicyRequestInvalidError } from '../errors/governanceApiErrors.js';
import { JsonScalar } from './jsonScalar.js';

type Outcome = ToolCallResult | ToolResultOutcome;
type OutcomeOf<Name extends Outcome['outcome']> = Extract<Outcome, { outcome: Name }>;

export const AppendedEventType = builder.objectRef<AppendedEvent>('AppendedEvent').implement({
  description: "An event this command recorded on the run's stream (query `events` for its content).",
  fields: (t) => ({
    id: t.exposeID('id'),
    revision: t.exposeInt('revision'),
    position: t.expose('position', { type: 'Position' }),
    hash: t.exposeString('hash'),
  }),
});

/** The GraphQL type of each outcome; the unions below resolve by it. */
const OUTCOME_TYPE_NAMES: Readonly<Record<Outcome['outcome'], string>> = {
  completed: 'ToolCallCompleted',
  failed: 'ToolCallFailed',
  denied: 'ToolCallDenied',
  pending_approval: 'ToolCallPendingApproval',
  granted: 'ToolCallGranted',
  grant_refused: 'ToolGrantRefused',
  refused: 'ToolResultRefused',
};

const EVENTS_DESCRIPTION = "What this outcome recorded on the run's stream, in order: the evidence.";
const eventsOf = (result: Outcome) => [...result.events];

const CompletedType = builder.objectRef<OutcomeOf<'completed'>>('ToolCallCompleted').implement({
  description: 'The tool ran and its output matched its output schema (`ToolCallCompleted`).',
  fields: (t) => ({
    callId: t.exposeID('callId'),
    output: t.field({
      type: JsonScalar,
      nullable: true,
      description: 'The output as recorded (JSON null when the tool returned null).',
      resolve: (result) => result.output,
    }),
    outputDigest: t.exposeString('outputDigest'),
    compensation: t.field({
      type: JsonScalar,
      nullable: true,
      description: 'The call that would undo this one (`{ tool, version, args }`); null unless reversible.',
      resolve: (result) => (result.compensation === null ? null : { ...result.compensation }),
    }),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const FailedType = builder.objectRef<OutcomeOf<'failed'>>('ToolCallFailed').implement({
  description: 'The call was allowed, then did not succeed (`ToolCallFailed`).',
  fields: (t) => ({
    callId: t.exposeID('callId'),
    reason: t.exposeString('reason', {
      description:
        'TOOL_TIMEOUT, TOOL_OUTPUT_INVALID, TOOL_FAILED, …, APP_REPORTED_ERROR, or for an MCP tool MCP_TOOL_ERROR ' +
        '(the server answered isError), MCP_SERVER_EXITED, MCP_TOOL_CHANGED (refused before reaching the server).',
    }),
    message: t.exposeString('message'),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const DeniedType = builder.objectRef<OutcomeOf<'denied'>>('ToolCallDenied').implement({
  description:
    'The call was refused and the refusal recorded (`ToolCallDenied`): unknown tool or version, args failing the ' +
    'input schema, budget, rate limit, a policy deny, a rejected approval, or an approval the run or tenant has no ' +
    'room for (`APPROVAL_QUEUE_FULL`, details `{ scope: run | tenant, limit, pending }`).',
  fields: (t) => ({
    callId: t.exposeID('callId'),
    reason: t.exposeString('reason', {
      description: 'TOOL_UNKNOWN, TOOL_ARGS_INVALID, POLICY_DENIED, APPROVAL_QUEUE_FULL, …',
    }),
    message: t.exposeString('message'),
    details: t.field({ type: JsonScalar, resolve: (result) => ({ ...result.details }) }),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const PendingType = builder.objectRef<OutcomeOf<'pending_approval'>>('ToolCallPendingApproval').implement({
  description:
    'Policy requires a human (`ApprovalRequested`): once a reviewer approves, call `invokeTool` again with the same ' +
    'args and `approvalId`.',
  fields: (t) => ({
    callId: t.exposeID('callId'),
    approvalId: t.exposeID('approvalId'),
    expiresAt: t.exposeString('expiresAt'),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const GrantedType = builder.objectRef<OutcomeOf<'granted'>>('ToolCallGranted').implement({
  description:
    'An app-executed call was allowed (`ToolGrantIssued`): run the tool, then report with `recordToolResult` and ' +
    'this single-use grant before it expires.',
  fields: (t) => ({
    callId: t.exposeID('callId'),
    grantId: t.exposeID('grantId'),
    argsDigest: t.exposeString('argsDigest'),
    expiresAt: t.exposeString('expiresAt'),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const GrantRefusedType = builder.objectRef<OutcomeOf<'grant_refused'>>('ToolGrantRefused').implement({
  description:
    'The approval presented with the call was refused (`ApprovalGrantRefused`: unknown, not granted, expired, ' +
    'used, or for other args or another policy version); nothing ran.',
  fields: (t) => ({
    approvalId: t.exposeID('approvalId'),
    callId: t.exposeID('callId', { nullable: true }),
    reason: t.exposeString('reason'),
    message: t.exposeString('message'),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

const ResultRefusedType = builder.objectRef<OutcomeOf<'refused'>>('ToolResultRefused').implement({
  description:
    'The reported result was refused and the refusal recorded (`ToolResultRefused`): an unknown, reused, expired ' +
    'or misdirected grant, or another reporter.',
  fields: (t) => ({
    callId: t.exposeID('callId'),
    reason: t.exposeString('reason'),
    message: t.exposeString('message'),
    events: t.field({ type: [AppendedEventType], description: EVENTS_DESCRIPTION, resolve: eventsOf }),
  }),
});

/** Refusals of a tool command that recorded nothing (thrown by the service), as typed members of its union. */
const UNRECORDED_ERRORS = [
  RunNotFoundError,
  RunNotActiveError,
  InvalidCommandError,
  ConcurrencyConflictError,
  PolicyRequestInvalidError,
  PolicyEngineFailedError,
  LedgerInputError,
] as const;

/** The outcome's GraphQL type; typed errors are resolved by the errors plugin before this is asked. */
function resolveOutcomeType(value: unknown): string | undefined {
  const outcome = (value as { outcome?: unknown }).outcome;
  return typeof outcome === 'string' && outcome in OUTCOME_TYPE_NAMES
    ? OUTCOME_TYPE_NAMES[outcome as Outcome['outcome']]
    : undefined;
}

export const InvokeToolResultType = builder.errorUnion('InvokeToolResult', {
  description:
    'Every outcome of a tool call was recorded on the run (refusals are evidence too); the error members mean ' +
    'nothing was recorded.',
  types: [
    CompletedType,
    FailedType,
    DeniedType,
    PendingType,
    GrantedType,
    GrantRefusedType,
    ...UNRECORDED_ERRORS,
  ],
  resolveType: resolveOutcomeType,
});

export const RecordToolResultResultType = builder.errorUnion('RecordToolResultResult', {
  description: 'The reported result, as recorded; the error members mean nothing was recorded.',
  types: [CompletedType, FailedType, ResultRefusedType, ...UNRECORDED_ERRORS],
  resolveType: resolveOutcomeType,
});
