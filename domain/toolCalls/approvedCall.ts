import { checkGrant } from '../approvals/grantCheck.js';
import type { ApprovalGrantRefusedData, GrantRefusalReason } from '../approvals/approvalEvents.js';
import type { PlannedEvent } from '../commands/eventEnvelopes.js';
import type { JsonValue } from '../events/json.js';
import type { PolicyDecision } from '../policies/policyRequest.js';
import type { RunState } from '../runs/runDecider.js';
import type { ApprovalRecord, CallRecord } from '../runs/runRecords.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import type { GovernedOrigin, RiskScore } from './ports.js';
import { policyDenial } from './toolCallChecks.js';
import { allowed } from './toolCallDecider.js';
import type { CallAllowances, ToolCallDecision } from './toolCallDecider.js';
import { policyDecided } from './toolCallPolicy.js';
import type { PolicyInput } from './toolCallPolicy.js';
import type { ToolCallDeniedData } from './toolCallEvents.js';

/**
 * Everything the decision on a call resumed with an approval id depends on, gathered first: what the app
 * presents, the tool as registered (null: none), the run's state, and — once the grant passed its checks
 * (`grantRefusal` is null) — the policies' decision with `approved: true`.
 */
export interface ApprovedCallFacts {
  readonly runId: string;
  readonly approvalId: string;
  readonly requested: { readonly tool: string; readonly version: string };
  readonly tool: RegisteredTool | null;
  readonly args: JsonValue;
  readonly argsDigest: string;
  readonly risk: RiskScore | null;
  readonly origin: GovernedOrigin;
  readonly state: RunState;
  readonly now: number;
  /** The tenant's policy-set version in force: recorded on refusals made before policy is asked. */
  readonly versionInForce: number | null;
  readonly policy?: PolicyDecision;
  readonly allowances: CallAllowances;
}

interface Refusal {
  readonly reason: GrantRefusalReason;
  readonly callId: string | null;
  readonly message: string;
  readonly expected?: string | number | null;
  readonly actual?: string | number | null;
}

type GrantCheckOutcome =
  | { readonly ok: false; readonly refusal: Refusal }
  | {
      readonly ok: true;
      readonly call: CallRecord;
      readonly approval: ApprovalRecord;
      readonly tool: RegisteredTool;
    };

/**
 * The grant's checks, before policy: granted, unused, unexpired, presented by the requester for the exact tool
 * and args digest, and the tool still registered.
 */
export function checkPresentedGrant(facts: ApprovedCallFacts): GrantCheckOutcome {
  const { approvalId, argsDigest } = facts;
  const tool = { name: facts.requested.tool, version: facts.requested.version };
  const check = checkGrant(
    facts.state,
    { approvalId, tool, argsDigest, presentedBy: facts.origin.actor.id },
    facts.now,
  );
  if (!check.ok) return { ok: false, refusal: check };
  // An approval that gates no tool call (a rollback's) never lets a call run.
  if (check.call === null)
    return {
      ok: false,
      refusal: {
        reason: 'TOOL_MISMATCH',
        callId: check.approval.callId,
        message: 'the approval gates no tool call',
      },
    };
  if (facts.tool === null)
    return {
      ok: false,
      refusal: { reason: 'TOOL_MISMATCH', callId: check.call.callId, message: 'tool not registered' },
    };
  return { ok: true, call: check.call, approval: check.approval, tool: facts.tool };
}

/** What policies are asked about a resumed call: approved, and already counted against the budget once. */
export function approvedPolicyInput(facts: ApprovedCallFacts, tool: RegisteredTool): PolicyInput {
  const { runId, state, args, argsDigest, risk } = facts;
  return { runId, state, tool, args, argsDigest, risk, approved: true, alreadyCounted: 1 };
}

/**
 * Decides a call resumed with an approval grant (pure). A grant failing its checks, or a policy set changed since
 * the reviewer saw it, is recorded as `ApprovalGrantRefused` and nothing runs. A valid grant is consumed
 * (`ApprovalGrantUsed`, so a second use meets it on the stream) and policy's decision (with `approved: true`)
 * follows: allowed → as any allowed call; otherwise `ToolCallDenied`.
 *
 * Precondition: the run is active for the caller's tenant; `policy` is present when the grant passed its checks.
 */
export function decideApprovedCall(facts: ApprovedCallFacts): ToolCallDecision {
  const check = checkPresentedGrant(facts);
  if (!check.ok) return refuse(facts, check.refusal, facts.versionInForce);
  const { call, approval, tool } = check;
  const decision = facts.policy!;
  if (decision.policySetVersion !== approval.policySetVersion)
    return refuse(
      facts,
      {
        reason: 'POLICY_VERSION_CHANGED',
        callId: call.callId,
        message: 'the policy set changed since the approval was requested',
        expected: approval.policySetVersion,
        actual: decision.policySetVersion,
      },
      decision.policySetVersion,
    );
  const { approvalId, argsDigest, origin } = facts;
  const used: PlannedEvent = {
    type: 'ApprovalGrantUsed',
    data: {
      approvalId,
      callId: call.callId,
      usedBy: origin.actor.id,
      argsDigest,
      policySetVersion: approval.policySetVersion,
    },
  };
  const input = approvedPolicyInput(facts, tool);
  const decided: PlannedEvent = {
    type: 'PolicyDecided',
    data: policyDecided(call.callId, decision, input, origin),
  };
  if (decision.outcome === 'allow') return allowed(facts, tool, call.callId, [used, decided]);
  const { reason, message, details } = policyDenial(decision);
  const denied: ToolCallDeniedData = {
    callId: call.callId,
    tool: call.tool,
    argsDigest,
    reason,
    message,
    details,
    policySetVersion: decision.policySetVersion,
  };
  const result = { outcome: 'denied', callId: call.callId, reason, message, details, events: [] } as const;
  return {
    events: [used, decided, { type: 'ToolCallDenied', data: denied }],
    next: { execute: false, result },
  };
}

function refuse(
  facts: ApprovedCallFacts,
  refusal: Refusal,
  policySetVersion: number | null,
): ToolCallDecision {
  const { approvalId, argsDigest } = facts;
  const { reason, callId, message } = refusal;
  const data: ApprovalGrantRefusedData = {
    approvalId,
    callId,
    reason,
    presentedBy: facts.origin.actor.id,
    message,
    expected: refusal.expected ?? null,
    actual: refusal.actual ?? null,
    argsDigest,
    policySetVersion,
  };
  const result = { outcome: 'grant_refused', approvalId, callId, reason, message, events: [] } as const;
  return { events: [{ type: 'ApprovalGrantRefused', data }], next: { execute: false, result } };
}
