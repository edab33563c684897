import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { Role } from '../access/roles.js';
import type { PolicyDecision, PolicyRequest } from '../policies/policyRequest.js';
import { evolveRun, initialRunState } from '../runs/runDecider.js';
import type { RunState } from '../runs/runDecider.js';
import { toRunHistoryEvent } from '../runs/runFold.js';
import { toolPolicyRequest } from '../toolCalls/toolCallPolicy.js';
import type { PolicyDecidedData, ToolCallRequestedData } from '../toolCalls/toolCallEvents.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import type { ReplayItem } from './replayEvents.js';

/** A recorded policy decision with what the ledger says about the moment it was taken. */
export interface RecordedPolicyDecision {
  readonly eventId: string;
  readonly runId: string;
  readonly tenant: string;
  readonly decided: PolicyDecidedData;
  /** The call's request (null: the stream has none for the call id, which the tool-call service never writes). */
  readonly requested: ToolCallRequestedData | null;
  /** The run's state before the append the decision was part of: what the deciding command saw. */
  readonly stateBefore: RunState;
}

/**
 * Every `PolicyDecided` of a run's events, each with its call's `ToolCallRequested` and the run state the
 * deciding command saw. A decision is appended together with the events its command decided (a first request's
 * `ToolCallRequested`, a resumed call's `ApprovalGrantUsed`), and every event of one append carries the id of its
 * first event as `causationId`: the state seen is the fold of the events before that first event. Pure.
 */
export function recordedPolicyDecisions(
  runId: string,
  events: readonly RecordedEvent[],
): RecordedPolicyDecision[] {
  const before: RunState[] = [];
  const index = new Map<string, number>();
  const requests = new Map<string, ToolCallRequestedData>();
  let state = initialRunState;
  const found: RecordedPolicyDecision[] = [];
  for (const [at, event] of events.entries()) {
    before.push(state);
    index.set(event.id, at);
    if (event.type === 'ToolCallRequested') {
      const requested = event.data as unknown as ToolCallRequestedData;
      if (!requests.has(requested.callId)) requests.set(requested.callId, requested);
    } else if (event.type === 'PolicyDecided') {
      const decided = event.data as unknown as PolicyDecidedData;
      const first = index.get(event.meta.causationId) ?? at;
      found.push({
        eventId: event.id,
        runId,
        tenant: event.meta.tenant,
        decided,
        requested: requests.get(decided.callId) ?? null,
        stateBefore: before[first]!,
      });
    }
    state = evolveRun(state, toRunHistoryEvent(event));
  }
  return found;
}

/** Fields a `PolicyDecided` does not carry, which a reconstruction takes from elsewhere in the ledger. */
export const DERIVED_POLICY_FIELDS = [
  'context.run (the run stream folded up to the deciding append)',
  "resource / context.tool (the call's ToolCallRequested and the tool registry's riskTags for that version)",
  "context.args and context.argsDigest (the call's ToolCallRequested)",
] as const;

/**
 * The `PolicyRequest` the decision was taken on, rebuilt with the request builder the tool-call service uses
 * (`toolPolicyRequest`): principal, approval and risk score from the decision, args from the call's request,
 * budgets and counts from the state before the append (a resumed call, `approved`, was counted already), the
 * tool as registered. Null members of `missing` say what the ledger lacks. Pure.
 */
export function reconstructPolicyRequest(
  recorded: RecordedPolicyDecision,
  tool: RegisteredTool | null,
): { readonly request: PolicyRequest } | { readonly missing: readonly string[] } {
  const { decided, requested } = recorded;
  const missing = [
    ...(requested === null ? [`ToolCallRequested of call ${decided.callId}`] : []),
    ...(tool === null ? ['the registered tool version (riskTags, sideEffect)'] : []),
  ];
  if (requested === null || tool === null) return { missing };
  const risk =
    decided.riskScore === null || decided.riskModel === null
      ? null
      : { score: decided.riskScore, model: decided.riskModel };
  const input = {
    runId: recorded.runId,
    state: recorded.stateBefore,
    tool,
    args: requested.args,
    argsDigest: requested.argsDigest,
    risk,
    approved: decided.approved,
    alreadyCounted: decided.approved ? 1 : 0,
  };
  const origin = {
    actor: { kind: 'service' as const, id: decided.principal.id },
    tenant: recorded.tenant,
    role: decided.principal.role as Role,
  };
  return { request: toolPolicyRequest(input, origin) };
}

/**
 * Judges a re-evaluation against the recorded decision, first disagreement wins: the reconstructed request's
 * digest (else the request is not reconstructible and the outcome is not compared), the policy set version (null
 * `replayed`: that version is not on the tenant's policy stream), then outcome and determining policies (as sets).
 * Pure.
 */
export function comparePolicyDecision(
  recorded: RecordedPolicyDecision,
  replayed: PolicyDecision | null,
): ReplayItem {
  const { decided, eventId } = recorded;
  const item = { check: 'policy' as const, eventId, match: false, tolerance: null };
  if (replayed === null)
    return {
      ...item,
      subject: 'policySetVersion',
      expected: decided.policySetVersion,
      actual: null,
      note: "that policy set version is not on the tenant's policy stream",
    };
  if (replayed.inputDigest !== decided.inputDigest)
    return {
      ...item,
      subject: 'inputDigest',
      expected: decided.inputDigest,
      actual: replayed.inputDigest,
      note: `the request is not reconstructible from the ledger; derived fields: ${DERIVED_POLICY_FIELDS.join('; ')}`,
    };
  const expected = { outcome: decided.outcome, determiningPolicies: [...decided.determiningPolicies].sort() };
  const actual = { outcome: replayed.outcome, determiningPolicies: [...replayed.determiningPolicies].sort() };
  const match =
    expected.outcome === actual.outcome &&
    expected.determiningPolicies.join('\n') === actual.determiningPolicies.join('\n');
  return { ...item, subject: 'decision', match, expected, actual, note: null };
}

/** The item for a decision that could not be re-evaluated: `note` says why (what is missing, what failed). Pure. */
export function policyNotReplayed(recorded: RecordedPolicyDecision, note: string): ReplayItem {
  return {
    check: 'policy',
    eventId: recorded.eventId,
    subject: 'request',
    match: false,
    expected: recorded.decided.inputDigest,
    actual: null,
    note,
    tolerance: null,
  };
}
