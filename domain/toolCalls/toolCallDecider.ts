import type { PlannedEvent } from '../commands/eventEnvelopes.js';
import type { JsonValue } from '../events/json.js';
import type { PolicyDecision } from '../policies/policyRequest.js';
import { budgetEnd } from '../runs/runBudget.js';
import type { RunState } from '../runs/runDecider.js';
import type { BudgetOverrun } from '../runs/runEvents.js';
import type { SchemaValidation } from '../tools/schemaValidator.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import type { GovernedOrigin, RiskScore } from './ports.js';
import { budgetAndRateDenial, policyDenial } from './toolCallChecks.js';
import type { EarlyDenial } from './toolCallChecks.js';
import type {
  ToolCallDeniedData,
  ToolCallRequestedData,
  ToolCallTool,
  ToolGrantIssuedData,
} from './toolCallEvents.js';
import { policyDecided } from './toolCallPolicy.js';
import type { PolicyInput } from './toolCallPolicy.js';
import type { ToolCallResult } from './toolCallResult.js';

/** What a decided call leaves to do once its events are appended: run the tool, or nothing (the result stands). */
export type ToolCallNext =
  | { readonly execute: false; readonly result: ToolCallResult }
  | { readonly execute: true; readonly callId: string };

export interface ToolCallDecision {
  readonly events: readonly PlannedEvent[];
  readonly next: ToolCallNext;
}

/** Ids and lifetimes drawn before deciding (the decider draws nothing itself). */
export interface CallAllowances {
  readonly approvalId: string;
  readonly grantId: string;
  readonly approvalTtlMs: number;
  readonly grantTtlMs: number;
}

/**
 * Everything a new call's decision depends on, gathered first: the tool (null: none registered), the schema's
 * verdict on the args (null without a tool), the risk score, the run's state, the tenant's rate window, and —
 * only when the call gets past the checks before policy — the policies' decision and, when they ask for an
 * approval, whether the approval queues have room.
 */
export interface ToolCallFacts {
  readonly runId: string;
  readonly callId: string;
  readonly requested: { readonly tool: string; readonly version: string; readonly args: JsonValue };
  readonly origin: GovernedOrigin;
  readonly state: RunState;
  readonly now: number;
  readonly tool: RegisteredTool | null;
  readonly validation: SchemaValidation | null;
  readonly argsDigest: string;
  readonly risk: RiskScore | null;
  /** Times of the tenant's calls of this tool version that count against its rate limit. */
  readonly rateTimes: readonly number[];
  /** The tenant's policy-set version in force: recorded on refusals made before policy is asked. */
  readonly versionInForce: number | null;
  /** Present once policy was asked (`refusalBeforePolicy` is null). */
  readonly policy?: PolicyDecision;
  /** Present when policy asked for an approval: the queue cap's refusal, or null when there is room. */
  readonly approvalRoom?: EarlyDenial | null;
  readonly allowances: CallAllowances;
  /** A rollback's compensating call: the link it records; the run's budgets do not apply to it. */
  readonly compensates?: { readonly rollbackId: string; readonly callId: string };
}

/** What policies are asked about a new call (nothing counted yet, no grant presented). */
export function newCallPolicyInput(facts: ToolCallFacts, tool: RegisteredTool): PolicyInput {
  const { runId, state, argsDigest, risk } = facts;
  return {
    runId,
    state,
    tool,
    args: facts.requested.args,
    argsDigest,
    risk,
    approved: false,
    alreadyCounted: 0,
  };
}

/** The refusal a call gets before policy is asked (unknown tool or version, invalid args, budget, rate), or null. */
export function refusalBeforePolicy(facts: ToolCallFacts): EarlyDenial | null {
  const { tool, validation, requested } = facts;
  if (tool === null)
    return {
      reason: 'TOOL_UNKNOWN',
      message: `no tool ${requested.tool} version ${requested.version} is registered`,
      details: { tool: requested.tool, version: requested.version },
      counted: true,
    };
  if (validation !== null && !validation.ok)
    return {
      reason: 'TOOL_ARGS_INVALID',
      message: `args do not match the input schema of ${tool.name}@${tool.version}`,
      details: { errors: validation.errors.map(({ path, message }) => ({ path, message })) },
      counted: true,
    };
  const budgeted = facts.compensates === undefined;
  return budgetAndRateDenial(facts.state, tool, facts.now, facts.rateTimes, budgeted);
}

/**
 * Decides a new call (pure). Recorded refusals: before policy (`refusalBeforePolicy`), policy deny, an approval
 * the queues have no room for. Otherwise `ToolCallRequested` + `PolicyDecided`, then `ApprovalRequested` (gated),
 * `ToolGrantIssued` (an app-executed tool), or nothing more (a runtime tool: execute after the append).
 *
 * Precondition: the run is active for the caller's tenant (`requireRunForCall`); `policy` is present when
 * `refusalBeforePolicy(facts)` is null, and `approvalRoom` when that policy asks for approval.
 */
export function decideToolCall(facts: ToolCallFacts): ToolCallDecision {
  const requested = requestedEvent(facts);
  const early = refusalBeforePolicy(facts);
  if (early !== null) {
    const runId = early.reason === 'RUN_BUDGET_EXCEEDED' ? facts.runId : null;
    return denied(requested, facts.versionInForce, early, [], runId);
  }
  const tool = facts.tool!;
  const decision = facts.policy!;
  const input = newCallPolicyInput(facts, tool);
  const decided: PlannedEvent = {
    type: 'PolicyDecided',
    data: policyDecided(facts.callId, decision, input, facts.origin),
  };
  if (decision.outcome === 'deny')
    return denied(requested, decision.policySetVersion, policyDenial(decision), [decided]);
  if (decision.outcome === 'allow') return allowed(facts, tool, facts.callId, [requested, decided]);
  if (facts.approvalRoom !== null && facts.approvalRoom !== undefined)
    return denied(requested, decision.policySetVersion, facts.approvalRoom, [decided]);
  return approvalRequested(facts, tool, decision, [requested, decided]);
}

/**
 * The events of an allowed call after its decision (`before`), and what follows: a runtime tool executes after
 * the append (as does an MCP tool: MIR calls its server); an app-executed tool gets a single-use grant bound to the call and its args digest.
 */
export function allowed(
  facts: Pick<ToolCallFacts, 'origin' | 'now' | 'argsDigest' | 'allowances'>,
  tool: RegisteredTool,
  callId: string,
  before: readonly PlannedEvent[],
): ToolCallDecision {
  if (tool.execution !== 'app') return { events: before, next: { execute: true, callId } };
  const { grantId, grantTtlMs } = facts.allowances;
  const expiresAt = new Date(facts.now + grantTtlMs).toISOString();
  const { argsDigest } = facts;
  const data: ToolGrantIssuedData = {
    callId,
    grantId,
    argsDigest,
    issuedTo: facts.origin.actor.id,
    expiresAt,
  };
  const result = { outcome: 'granted', callId, grantId, argsDigest, expiresAt, events: [] } as const;
  return {
    events: [...before, { type: 'ToolGrantIssued', data }],
    next: { execute: false, result },
  };
}

function approvalRequested(
  facts: ToolCallFacts,
  tool: RegisteredTool,
  decision: PolicyDecision,
  before: readonly PlannedEvent[],
): ToolCallDecision {
  const { approvalId, approvalTtlMs } = facts.allowances;
  const { callId, argsDigest } = facts;
  const expiresAt = new Date(facts.now + approvalTtlMs).toISOString();
  const approval: PlannedEvent = {
    type: 'ApprovalRequested',
    data: {
      approvalId,
      callId,
      tool: { name: tool.name, version: tool.version },
      argsDigest,
      policySetVersion: decision.policySetVersion,
      determiningPolicies: decision.determiningPolicies,
      reasons: decision.reasons,
      requestedBy: facts.origin.actor.id,
      expiresAt,
    },
  };
  const result = { outcome: 'pending_approval', callId, approvalId, expiresAt, events: [] } as const;
  return { events: [...before, approval], next: { execute: false, result } };
}

function requestedEvent(facts: ToolCallFacts): PlannedEvent {
  const { callId, argsDigest, requested, tool } = facts;
  const described: ToolCallTool = {
    name: requested.tool,
    version: requested.version,
    sideEffect: tool?.sideEffect ?? null,
    execution: tool?.execution ?? null,
  };
  const data: ToolCallRequestedData = {
    callId,
    tool: described,
    argsDigest,
    args: requested.args,
    requestedBy: facts.origin.actor.id,
    ...(facts.compensates === undefined ? {} : { compensates: facts.compensates }),
  };
  return { type: 'ToolCallRequested', data };
}

/**
 * A recorded denial: a counted one after the request (and `between`: the policy decision); an uncounted one (a
 * budget) without it, followed by the run's end when `runId` is given (a run never stays `running` past what it
 * was allowed).
 */
export function denied(
  requested: PlannedEvent,
  policySetVersion: number | null,
  denial: EarlyDenial,
  between: readonly PlannedEvent[] = [],
  runId: string | null = null,
): ToolCallDecision {
  const { callId, tool, argsDigest } = requested.data as ToolCallRequestedData;
  const { reason, message, details } = denial;
  const data: ToolCallDeniedData = { callId, tool, argsDigest, reason, message, details, policySetVersion };
  const deniedEvent: PlannedEvent = { type: 'ToolCallDenied', data };
  const ended = runId === null ? [] : [budgetEndOf(runId, details)];
  const events = denial.counted ? [requested, ...between, deniedEvent] : [deniedEvent, ...ended];
  const result = { outcome: 'denied', callId, reason, message, details, events: [] } as const;
  return { events, next: { execute: false, result } };
}

function budgetEndOf(runId: string, details: EarlyDenial['details']): PlannedEvent {
  const { budget, limit, actual } = details as unknown as BudgetOverrun;
  return budgetEnd(runId, { budget, limit, actual, command: 'InvokeTool' });
}
