import { policyRunContext } from '../toolCalls/toolCallPolicy.js';
import type { JsonObject } from '../events/json.js';
import type { PolicyDecision, PolicyRequest } from '../policies/policyRequest.js';
import type { RunState } from '../runs/runDecider.js';
import type { GovernedOrigin } from '../toolCalls/ports.js';
import type { RollbackPlan, RollbackPoint, RollbackPolicyRecord } from './rollbackEvents.js';

/** The pseudo tool a rollback is presented to policies as (see `mirCedarSchema.ts`). */
export const ROLLBACK_POLICY_TOOL = { name: 'rollbackRun', version: '1' } as const;

export interface RollbackPolicyInput {
  readonly runId: string;
  readonly state: RunState;
  readonly point: RollbackPoint;
  readonly plan: RollbackPlan;
  /** Digest of `rollbackArgs(runId, point)`: what an approval of this rollback is bound to. */
  readonly argsDigest: string;
  readonly approved: boolean;
}

/** The args a rollback is decided (and approved) on: the run and the point. Not the reason (free text). */
export function rollbackArgs(runId: string, point: RollbackPoint): JsonObject {
  return 'step' in point ? { runId, toStep: point.step } : { runId, toPosition: point.position };
}

/**
 * The policy request of a rollback: action `rollbackRun` on the pseudo tool `rollbackRun@1` (sideEffect
 * `irreversible` when the plan leaves irreversible effects behind), with the plan's counts in `context.rollback`.
 * Pure.
 */
export function rollbackPolicyRequest(input: RollbackPolicyInput, origin: GovernedOrigin): PolicyRequest {
  const { state, plan } = input;
  const irreversible = plan.leftBehind.filter((call) => call.why === 'irreversible').length;
  const sideEffect = irreversible > 0 ? 'irreversible' : 'reversible';
  const resource = { ...ROLLBACK_POLICY_TOOL, sideEffect } as const;
  return {
    principal: { id: origin.actor.id, role: origin.role },
    tenant: origin.tenant,
    action: 'rollbackRun',
    resource,
    context: {
      run: policyRunContext(input.runId, state),
      tool: { ...resource, riskTags: ['rollback'] },
      argsDigest: input.argsDigest,
      args: rollbackArgs(input.runId, input.point),
      riskScore: null,
      approved: input.approved,
      rollback: {
        compensations: plan.compensations.length,
        irreversible,
        unresolved: plan.leftBehind.length - irreversible, // unresolvable or interrupted
        memories: plan.unapply.length,
      },
    },
  };
}

/** What the start event records of the decision that allowed the rollback. */
export function policyRecord(decision: PolicyDecision, approvalId: string | null): RollbackPolicyRecord {
  const { outcome, determiningPolicies, reasons, policySetVersion, inputDigest } = decision;
  return { outcome, determiningPolicies, reasons, policySetVersion, inputDigest, approvalId };
}
