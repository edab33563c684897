import type {
  ApprovalGrantRefusedData,
  ApprovalGrantUsedData,
  ApprovalRequestedData,
} from '../approvals/approvalEvents.js';
import type { GrantCheck } from '../approvals/grantCheck.js';
import type { PolicyDecision } from '../policies/policyRequest.js';
import type { GovernedOrigin } from '../toolCalls/ports.js';
import { ROLLBACK_POLICY_TOOL } from './rollbackPolicy.js';

/**
 * A rollback gated by policy asks for an approval like a tool call does (the same events, queue, reviewer
 * decision and single-use grant): `callId` is the rollback's id, `tool` the pseudo tool `rollbackRun@1`,
 * `argsDigest` the digest of `rollbackArgs` (run and point). Pure.
 */
export function rollbackApprovalRequested(
  rollbackId: string,
  approval: { readonly approvalId: string; readonly expiresAt: string },
  argsDigest: string,
  decision: PolicyDecision,
  origin: GovernedOrigin,
): ApprovalRequestedData {
  return {
    approvalId: approval.approvalId,
    callId: rollbackId,
    tool: { ...ROLLBACK_POLICY_TOOL },
    argsDigest,
    policySetVersion: decision.policySetVersion,
    determiningPolicies: decision.determiningPolicies,
    reasons: decision.reasons,
    requestedBy: origin.actor.id,
    expiresAt: approval.expiresAt,
  };
}

/** `ApprovalGrantRefused` for a presented grant `checkGrant` refused, or one whose policy version changed since. */
export function rollbackGrantRefused(
  approvalId: string,
  refusal: Extract<GrantCheck, { ok: false }>,
  argsDigest: string,
  policySetVersion: number | null,
  origin: GovernedOrigin,
): ApprovalGrantRefusedData {
  const { reason, callId, message, expected, actual } = refusal;
  const presentedBy = origin.actor.id;
  return { approvalId, callId, reason, presentedBy, message, expected, actual, argsDigest, policySetVersion };
}

/** `ApprovalGrantUsed`: the rollback consumed its grant (a second use meets this event and is refused). */
export function rollbackGrantUsed(
  grant: Extract<GrantCheck, { ok: true }>,
  origin: GovernedOrigin,
): ApprovalGrantUsedData {
  const { approvalId, callId, argsDigest, policySetVersion } = grant.approval;
  return { approvalId, callId, usedBy: origin.actor.id, argsDigest, policySetVersion };
}
