import { checkGrant } from '../approvals/grantCheck.js';
import type { GrantCheck } from '../approvals/grantCheck.js';
import type { PlannedEvent } from '../commands/eventEnvelopes.js';
import type { RegisteredEngine } from '../engines/engineEvents.js';
import type { PolicyDecision } from '../policies/policyRequest.js';
import { rollbackGrantRefused, rollbackGrantUsed } from '../rollback/rollbackApproval.js';
import { policyDenial } from '../toolCalls/toolCallChecks.js';
import {
  budgetEndFor,
  completionRefusalBeforePolicy,
  deniedEvent,
  requestedEvent,
  sentParameters,
} from './completionDecider.js';
import type {
  CompletionDecision,
  CompletionDenial,
  CompletionNext,
  CompletionRequestFacts,
} from './completionDecider.js';
import { completionPolicyTool, ENGINE_TOOL_PREFIX } from './completionPolicy.js';

/**
 * A completion resumed with an approval id, as the service gathered it: the engine the approval names (null: it
 * names none the tenant still has), the args digest of the request on it, and — once the grant passed its checks —
 * policy's decision with `approved: true`.
 */
export interface ResumedCompletionFacts extends Omit<
  CompletionRequestFacts,
  'candidates' | 'verdicts' | 'approvalRoom' | 'approval' | 'completionId'
> {
  readonly approvalId: string;
  readonly engine: RegisteredEngine | null;
  readonly argsDigest: string;
  readonly decision?: PolicyDecision;
}

/** The engine name an approval of a completion names (`engine:<name>`), or null for any other approval. */
export function approvedEngineName(tool: { readonly name: string }): string | null {
  return tool.name.startsWith(ENGINE_TOOL_PREFIX) ? tool.name.slice(ENGINE_TOOL_PREFIX.length) : null;
}

/** The grant's checks (`checkGrant`): granted, unused, unexpired, by the requester, for this engine and digest. */
export function checkCompletionGrant(facts: ResumedCompletionFacts): GrantCheck {
  const tool = facts.engine === null ? { name: '', version: '' } : completionPolicyTool(facts.engine);
  const presented = { approvalId: facts.approvalId, tool, argsDigest: facts.argsDigest };
  return checkGrant(facts.state, { ...presented, presentedBy: facts.origin.actor.id }, facts.now);
}

/**
 * Decides a completion resumed with an approval (pure), like a rollback's resume: a grant failing its checks, or
 * a policy set changed since the reviewer saw it, is recorded as `ApprovalGrantRefused` and nothing is called. A
 * valid grant is consumed (`ApprovalGrantUsed`) and the request recorded again as sent (`CompletionRequested` with
 * `approvalId`, not counted twice against `maxCompletionCalls`); a token or wall-time budget run out meanwhile, or
 * a policy that now denies, is `CompletionDenied`.
 *
 * Precondition: the run is active for the caller's tenant; `decision` is present when the grant passed its checks.
 */
export function decideResumedCompletion(facts: ResumedCompletionFacts): CompletionDecision {
  const grant = checkCompletionGrant(facts);
  if (!grant.ok) return grantRefused(facts, grant, facts.versionInForce);
  const decision = facts.decision!;
  const { approval } = grant;
  if (decision.policySetVersion !== approval.policySetVersion)
    return grantRefused(
      facts,
      {
        ok: false,
        reason: 'POLICY_VERSION_CHANGED',
        callId: approval.callId,
        message: 'the policy set changed since the approval was requested',
        expected: approval.policySetVersion,
        actual: decision.policySetVersion,
      },
      decision.policySetVersion,
    );
  const engine = facts.engine!;
  const base = { ...facts, completionId: approval.callId };
  const used: PlannedEvent = { type: 'ApprovalGrantUsed', data: rollbackGrantUsed(grant, facts.origin) };
  const parameters = sentParameters(facts.state, facts.parameters);
  const chosen = { engine, argsDigest: facts.argsDigest, decision };
  const requested = requestedEvent(base, chosen, parameters, [], facts.approvalId);
  const early = completionRefusalBeforePolicy(facts.state, [engine], engine.name, facts.now, true);
  const denial: CompletionDenial | null =
    early ?? (decision.outcome === 'allow' ? null : { ...policyDenial(decision), reason: 'POLICY_DENIED' });
  if (denial === null) return { events: [used, requested], next: { call: true, engine, parameters } };
  const { reason, message, details } = denial;
  const result = { outcome: 'denied', completionId: base.completionId, reason, message, details, events: [] };
  return {
    events: [
      used,
      requested,
      deniedEvent(base, engine.name, denial, decision.policySetVersion),
      ...(early?.budget === true ? [budgetEndFor(facts.runId, early, facts.kind)] : []),
    ],
    next: { call: false, result } as CompletionNext,
  };
}

function grantRefused(
  facts: ResumedCompletionFacts,
  refusal: Extract<GrantCheck, { ok: false }>,
  policySetVersion: number | null,
): CompletionDecision {
  const data = rollbackGrantRefused(
    facts.approvalId,
    refusal,
    facts.argsDigest,
    policySetVersion,
    facts.origin,
  );
  const { reason, callId, message } = refusal;
  const result = {
    outcome: 'grant_refused',
    approvalId: facts.approvalId,
    completionId: callId,
    reason,
    message,
  };
  return {
    events: [{ type: 'ApprovalGrantRefused', data }],
    next: { call: false, result: { ...result, events: [] } } as CompletionNext,
  };
}
