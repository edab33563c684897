import type { PlannedEvent } from '../commands/eventEnvelopes.js';
import type { BlobReference } from '../blobs/blobStore.js';
import type { JsonValue } from '../events/json.js';
import type { PolicyDecision } from '../policies/policyRequest.js';
import { budgetEnd, budgetOverrun, tokensLeft } from '../runs/runBudget.js';
import type { RunState } from '../runs/runDecider.js';
import type { BudgetOverrun } from '../runs/runEvents.js';
import type { RegisteredEngine } from '../engines/engineEvents.js';
import type { GovernedOrigin, RiskScore } from '../toolCalls/ports.js';
import type { EarlyDenial } from '../toolCalls/toolCallChecks.js';
import { policyDenial } from '../toolCalls/toolCallChecks.js';
import type { CompletionParameters } from './completionEngine.js';
import type {
  CompletionDenialReason,
  CompletionDeniedData,
  CompletionKind,
  CompletionRequestedData,
  RoutingStep,
} from './completionEvents.js';
import { completionPolicyRecord, completionPolicyTool } from './completionPolicy.js';
import type { CompletionResult } from './completionResult.js';

/** A refusal before the call, as `CompletionDenied` records it. */
export interface CompletionDenial {
  readonly reason: CompletionDenialReason;
  readonly message: string;
  readonly details: { readonly [key: string]: JsonValue };
}

/** One engine policy was asked about, with what an approval of the completion on it would be bound to. */
export interface EngineVerdict {
  readonly engine: RegisteredEngine;
  readonly argsDigest: string;
  readonly decision: PolicyDecision;
}

/** The prompt as stored: its blob and its shape. */
export interface StoredPrompt {
  readonly blob: BlobReference;
  readonly messageCount: number;
  readonly toolCount: number;
}

/**
 * Everything a new completion's decision depends on, gathered first: the engines it may go to (the one named, or
 * every engine of the tenant in name order; empty: none known), the run, and — only when nothing refused it before
 * policy — the verdicts of policy, engine by engine until one is not a deny, and the approval queues' room when
 * that one asks for an approval.
 */
export interface CompletionRequestFacts {
  readonly runId: string;
  readonly completionId: string;
  readonly kind: CompletionKind;
  readonly origin: GovernedOrigin;
  readonly state: RunState;
  readonly now: number;
  readonly requestedEngine: string | null;
  readonly candidates: readonly RegisteredEngine[];
  readonly prompt: StoredPrompt;
  /** As the caller asked for them (`sentParameters` caps them). */
  readonly parameters: CompletionParameters;
  /** The classifier's score of the prompt. */
  readonly risk: RiskScore | null;
  readonly requestKey: string;
  /** The tenant's policy-set version in force (recorded on refusals made before policy is asked). */
  readonly versionInForce: number | null;
  readonly verdicts?: readonly EngineVerdict[];
  readonly approvalRoom?: EarlyDenial | null;
  readonly approval: { readonly approvalId: string; readonly expiresAt: string };
}

/** What a decided completion leaves to do once its events are appended: call the engine, or nothing. */
export type CompletionNext =
  | { readonly call: false; readonly result: CompletionResult }
  | { readonly call: true; readonly engine: RegisteredEngine; readonly parameters: CompletionParameters };

export interface CompletionDecision {
  readonly events: readonly PlannedEvent[];
  readonly next: CompletionNext;
}

/**
 * The refusal of a completion found before policy: no engine (`ENGINE_UNKNOWN`: the named one is unknown to the
 * tenant, or the tenant has none), or a budget it would overrun (`RUN_BUDGET_EXCEEDED`: completion calls, tokens,
 * wall time; `resumed`: the request was counted when first asked, only tokens and wall time apply). Pure.
 */
export function completionRefusalBeforePolicy(
  state: RunState,
  candidates: readonly RegisteredEngine[],
  requestedEngine: string | null,
  now: number,
  resumed = false,
): (CompletionDenial & { readonly budget: boolean }) | null {
  if (candidates.length === 0) {
    const message =
      requestedEngine === null
        ? 'no engine is registered for this tenant'
        : `engine ${requestedEngine} is unknown`;
    const details = { engine: requestedEngine };
    return { reason: 'ENGINE_UNKNOWN', message, details, budget: false };
  }
  const overrun = budgetOverrun(state, resumed ? ['tokens'] : ['completionCalls', 'tokens'], now);
  if (overrun === null) return null;
  const { budget, limit, actual } = overrun;
  const message =
    budget === 'wallTime'
      ? `the run ran past its ${limit} ms`
      : `the run has used its ${limit} ${budgetNoun(budget)}`;
  return { reason: 'RUN_BUDGET_EXCEEDED', message, details: { budget, limit, actual }, budget: true };
}

/**
 * The parameters as sent: `maxTokens` capped to the tokens the run's budget leaves (set to them when the caller
 * asked for none). How close a run stays to `maxTokens`: a call is refused once the tokens used reached it, and
 * an allowed call's completion tokens are capped to what is left, so the run ends at most the last call's prompt
 * tokens (as the endpoint counts them) above `maxTokens` — provided the endpoint honours `max_tokens`; an endpoint
 * that reports no usage is counted as 0 tokens. Pure.
 */
export function sentParameters(state: RunState, requested: CompletionParameters): CompletionParameters {
  const left = tokensLeft(state);
  if (left === null) return requested;
  return { ...requested, maxTokens: Math.min(requested.maxTokens ?? left, left) };
}

/**
 * Decides a new completion (pure): refused before policy (`CompletionDenied`; a budget refusal also ends the run,
 * `RunFailed`), or the engine `chooseVerdict` picks: allow → `CompletionRequested`, then the call;
 * require_approval → `CompletionRequested` + `ApprovalRequested` (or `CompletionDenied` `APPROVAL_QUEUE_FULL`).
 * Every engine denied → `CompletionRequested` (naming the last engine asked) + `CompletionDenied` `POLICY_DENIED`.
 * Engines passed over are recorded in `routing`.
 *
 * Precondition: the run is active for the caller's tenant; `verdicts` are present when nothing refused before policy.
 */
export function decideCompletion(facts: CompletionRequestFacts): CompletionDecision {
  const { state, now, candidates, requestedEngine } = facts;
  const early = completionRefusalBeforePolicy(state, candidates, requestedEngine, now);
  if (early !== null) {
    const denied = deniedEvent(facts, requestedEngine, early, facts.versionInForce);
    const end = early.budget ? [budgetEndFor(facts.runId, early, facts.kind)] : [];
    return refused(facts, [denied, ...end], early);
  }
  const verdicts = facts.verdicts!;
  const chosen = chooseVerdict(verdicts);
  const passedOver = verdicts.filter((verdict) => verdict !== chosen).map(routingStep);
  const parameters = sentParameters(state, facts.parameters);
  const requested = requestedEvent(facts, chosen, parameters, passedOver, null);
  const { decision, engine } = chosen;
  if (decision.outcome === 'allow') return { events: [requested], next: { call: true, engine, parameters } };
  if (decision.outcome === 'deny') {
    const denial: CompletionDenial = { ...policyDenial(decision), reason: 'POLICY_DENIED' };
    return refused(
      facts,
      [requested, deniedEvent(facts, engine.name, denial, decision.policySetVersion)],
      denial,
    );
  }
  if (facts.approvalRoom != null) {
    const room: CompletionDenial = { ...facts.approvalRoom, reason: 'APPROVAL_QUEUE_FULL' };
    return refused(
      facts,
      [requested, deniedEvent(facts, engine.name, room, decision.policySetVersion)],
      room,
    );
  }
  const { approvalId, expiresAt } = facts.approval;
  const approval: PlannedEvent = {
    type: 'ApprovalRequested',
    data: {
      approvalId,
      callId: facts.completionId,
      tool: completionPolicyTool(engine),
      argsDigest: chosen.argsDigest,
      policySetVersion: decision.policySetVersion,
      determiningPolicies: decision.determiningPolicies,
      reasons: decision.reasons,
      requestedBy: facts.origin.actor.id,
      expiresAt,
    },
  };
  const result = {
    outcome: 'pending_approval',
    completionId: facts.completionId,
    approvalId,
    expiresAt,
    events: [],
  };
  return { events: [requested, approval], next: { call: false, result } as CompletionNext };
}

/**
 * The engine routing uses: the first policy allows; else the first that needs an approval; else (all denied) the
 * last asked. A named engine is the only verdict.
 */
export function chooseVerdict(verdicts: readonly EngineVerdict[]): EngineVerdict {
  const outcome = (wanted: string) => verdicts.find((verdict) => verdict.decision.outcome === wanted);
  return outcome('allow') ?? outcome('require_approval') ?? verdicts.at(-1)!;
}

/** `CompletionRequested` for the engine chosen (`approvalId`: the approval a resume presents, else null). */
export function requestedEvent(
  facts: Pick<
    CompletionRequestFacts,
    'completionId' | 'kind' | 'prompt' | 'origin' | 'risk' | 'requestKey'
  > & {
    readonly requestedEngine: string | null;
  },
  chosen: EngineVerdict,
  parameters: CompletionParameters,
  passedOver: readonly RoutingStep[],
  approvalId: string | null,
): PlannedEvent {
  const { engine, decision } = chosen;
  const data: CompletionRequestedData = {
    completionId: facts.completionId,
    kind: facts.kind,
    engine: { name: engine.name, revision: engine.revision },
    model: engine.model,
    endpoint: engine.baseUrl,
    locality: engine.locality,
    parameters,
    promptBlob: facts.prompt.blob,
    messageCount: facts.prompt.messageCount,
    toolCount: facts.prompt.toolCount,
    argsDigest: chosen.argsDigest,
    requestedBy: facts.origin.actor.id,
    routing: { mode: facts.requestedEngine === null ? 'routed' : 'named', passedOver },
    policy: completionPolicyRecord(decision, facts.risk, approvalId !== null),
    requestKey: facts.requestKey,
    approvalId,
  };
  return { type: 'CompletionRequested', data };
}

function routingStep({ engine, decision }: EngineVerdict): RoutingStep {
  const { outcome, determiningPolicies, reasons } = decision;
  return {
    engine: engine.name,
    revision: engine.revision,
    locality: engine.locality,
    outcome,
    determiningPolicies,
    reasons,
  };
}

/** `CompletionDenied` for `denial` (reason, message, details). */
export function deniedEvent(
  facts: Pick<CompletionRequestFacts, 'completionId' | 'kind' | 'prompt'>,
  engine: string | null,
  denial: CompletionDenial,
  policySetVersion: number | null,
): PlannedEvent {
  const data: CompletionDeniedData = {
    completionId: facts.completionId,
    kind: facts.kind,
    engine,
    promptBlob: facts.prompt.blob,
    reason: denial.reason,
    message: denial.message,
    details: denial.details,
    policySetVersion,
  };
  return { type: 'CompletionDenied', data };
}

function refused(
  facts: Pick<CompletionRequestFacts, 'completionId'>,
  events: readonly PlannedEvent[],
  denial: CompletionDenial,
): CompletionDecision {
  const { reason, message, details } = denial;
  const result = {
    outcome: 'denied',
    completionId: facts.completionId,
    reason,
    message,
    details,
    events: [],
  };
  return { events, next: { call: false, result } as CompletionNext };
}

function budgetNoun(budget: string): string {
  return budget === 'tokens' ? 'tokens' : 'completion calls';
}

/** The `RunFailed` that ends a run a completion ran out of budget (`denial.details`: budget, limit, actual). */
export function budgetEndFor(runId: string, denial: CompletionDenial, kind: CompletionKind): PlannedEvent {
  const overrun = denial.details as unknown as BudgetOverrun;
  return budgetEnd(runId, {
    ...overrun,
    command: kind === 'chat' ? 'RequestCompletion' : 'RequestEmbeddings',
  });
}
