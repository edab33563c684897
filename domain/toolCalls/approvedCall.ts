import { checkGrant } from '../approvals/grantCheck.js';
import type { ApprovalGrantRefusedData, GrantRefusalReason } from '../approvals/approvalEvents.js';
import type { JsonValue } from '../events/json.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import type { GovernanceView } from './governanceView.js';
import type { GovernedOrigin, RiskScore } from './ports.js';
import type { PlannedEvent, StreamDecision } from './runStreamWriter.js';
import { policyDenial } from './toolCallChecks.js';
import { policyDecided, toolPolicyRequest } from './toolCallPolicy.js';
import type { ToolCallDeniedData } from './toolCallEvents.js';
import type { PlannedNext, ToolPolicyGate } from './toolCallService.js';

/** A resumed call: what the app presents with its approval id. */
export interface PresentedCall {
  readonly runId: string;
  readonly approvalId: string;
  readonly requested: { readonly tool: string; readonly version: string };
  readonly tool: RegisteredTool | null;
  readonly args: JsonValue;
  readonly argsDigest: string;
  readonly risk: RiskScore | null;
}

export interface ApprovedCallContext {
  readonly policies: ToolPolicyGate;
  planAllowed(
    tool: RegisteredTool,
    callId: string,
    argsDigest: string,
    now: number,
    origin: GovernedOrigin,
    before: readonly PlannedEvent[],
  ): StreamDecision<PlannedNext>;
}

/**
 * Plans a call resumed with an approval grant: the grant must be granted, unused, unexpired, presented by the
 * requester for the exact tool and args digest, and the tenant's current policy set must be the version the
 * reviewer saw. Anything else is recorded as `ApprovalGrantRefused` and nothing runs. A valid grant is consumed
 * (`ApprovalGrantUsed`, so a second use meets it on the stream) and policy decides again with `approved: true`.
 * The call was counted against the budget when first requested, so policies see the count before it.
 */
export async function planApprovedCall(
  context: ApprovedCallContext,
  view: GovernanceView,
  now: number,
  presented: PresentedCall,
  origin: GovernedOrigin,
): Promise<StreamDecision<PlannedNext>> {
  const { approvalId, argsDigest, tool } = presented;
  const presentedTool = { name: presented.requested.tool, version: presented.requested.version };
  const check = checkGrant(
    view,
    { approvalId, tool: presentedTool, argsDigest, presentedBy: origin.actor.id },
    now,
  );
  if (!check.ok) return refuse(presented, origin, check, await versionInForce(context, origin));
  const { call, approval } = check;
  // An approval that gates no tool call (a rollback's) never lets a call run.
  if (call === null)
    return refuse(
      presented,
      origin,
      { reason: 'TOOL_MISMATCH', callId: approval.callId, message: 'the approval gates no tool call' },
      await versionInForce(context, origin),
    );
  if (tool === null)
    return refuse(
      presented,
      origin,
      { reason: 'TOOL_MISMATCH', callId: call.callId, message: 'tool not registered' },
      await versionInForce(context, origin),
    );
  const input = { ...presented, tool, state: view.state, approved: true, alreadyCounted: 1 };
  const decision = await context.policies.decide(toolPolicyRequest(input, origin));
  if (decision.policySetVersion !== approval.policySetVersion)
    return refuse(
      presented,
      origin,
      {
        reason: 'POLICY_VERSION_CHANGED',
        callId: call.callId,
        message: 'the policy set changed since the approval was requested',
        expected: approval.policySetVersion,
        actual: decision.policySetVersion,
      },
      decision.policySetVersion,
    );
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
  const decided: PlannedEvent = {
    type: 'PolicyDecided',
    data: policyDecided(call.callId, decision, input, origin),
  };
  if (decision.outcome === 'allow')
    return context.planAllowed(tool, call.callId, argsDigest, now, origin, [used, decided]);
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
    value: { execute: false, result },
  };
}

interface Refusal {
  readonly reason: GrantRefusalReason;
  readonly callId: string | null;
  readonly message: string;
  readonly expected?: string | number | null;
  readonly actual?: string | number | null;
}

async function versionInForce(context: ApprovedCallContext, origin: GovernedOrigin): Promise<number | null> {
  return (await context.policies.current(origin.tenant))?.version ?? null;
}

function refuse(
  presented: PresentedCall,
  origin: GovernedOrigin,
  refusal: Refusal,
  policySetVersion: number | null,
): StreamDecision<PlannedNext> {
  const { approvalId, argsDigest } = presented;
  const { reason, callId, message } = refusal;
  const data: ApprovalGrantRefusedData = {
    approvalId,
    callId,
    reason,
    presentedBy: origin.actor.id,
    message,
    expected: refusal.expected ?? null,
    actual: refusal.actual ?? null,
    argsDigest,
    policySetVersion,
  };
  const result = { outcome: 'grant_refused', approvalId, callId, reason, message, events: [] } as const;
  return { events: [{ type: 'ApprovalGrantRefused', data }], value: { execute: false, result } };
}
