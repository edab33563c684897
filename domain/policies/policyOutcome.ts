import type { PolicyMeta } from './policyAnnotations.js';
import type { PolicyVerdict } from './policyRequest.js';

/** What the policy engine answered for one pass: Cedar's decision, determining ids, and policies that errored. */
export interface EnginePass {
  readonly decision: 'allow' | 'deny';
  readonly determining: readonly string[];
  readonly errored: readonly { readonly policyId: string; readonly message: string }[];
}

/**
 * MIR's decision semantics over a Cedar policy set (the engine does the evaluating, this reads its answer):
 *
 * 1. A `forbid` whose evaluation errors denies (fail closed; Cedar itself would skip it). A `permit` that errors
 *    simply does not apply.
 * 2. Cedar allows (some permit applies, no forbid does) → **allow**, naming the permits.
 * 3. Nothing applies → **deny** by default, naming no policy.
 * 4. A forbid without `@approval("required")` applies → **deny**, naming every forbid that applied. Forbid wins.
 * 5. Only approval gates (forbids with `@approval("required")`) apply: the set is evaluated again without them
 *    (`passWithoutGates`). No permit applies then → **deny** by default. A permit applies → with
 *    `context.approved` **allow**, naming the permits and the lifted gates; without → **require_approval**,
 *    naming the gates.
 *
 * `passWithoutGates` is called only in case 5, so ordinary decisions cost one engine pass.
 */
export function resolveOutcome(
  metas: ReadonlyMap<string, PolicyMeta>,
  enginePass: EnginePass,
  enginePassWithoutGates: () => EnginePass,
  approved: boolean,
): PolicyVerdict {
  // Decisions are evidence: name policies in the set's order, not in whatever order the engine reports them.
  const pass = inSetOrder(metas, enginePass);
  const passWithoutGates = () => inSetOrder(metas, enginePassWithoutGates());
  const failed = pass.errored.filter((error) => metas.get(error.policyId)?.effect !== 'permit');
  if (failed.length > 0)
    return deny(
      failed.map((error) => error.policyId),
      failed.map((error) => `policy ${error.policyId} could not be evaluated (denied): ${error.message}`),
    );
  if (pass.decision === 'allow')
    return {
      outcome: 'allow',
      determiningPolicies: pass.determining,
      reasons: reasonsOf(metas, pass.determining),
    };
  if (pass.determining.length === 0) return defaultDeny();
  const hard = pass.determining.filter((id) => metas.get(id)?.approvalGate !== true);
  if (hard.length > 0) return deny(pass.determining, reasonsOf(metas, hard));

  const gates = pass.determining;
  const lifted = passWithoutGates();
  if (lifted.decision === 'deny') return defaultDeny();
  if (approved)
    return {
      outcome: 'allow',
      determiningPolicies: [...lifted.determining, ...gates],
      reasons: [...reasonsOf(metas, lifted.determining), `approval granted for ${gates.join(', ')}`],
    };
  return { outcome: 'require_approval', determiningPolicies: gates, reasons: reasonsOf(metas, gates) };
}

export const DEFAULT_DENY_REASON = 'no permit policy applies (default deny)';

function defaultDeny(): PolicyVerdict {
  return deny([], [DEFAULT_DENY_REASON]);
}

function inSetOrder(metas: ReadonlyMap<string, PolicyMeta>, pass: EnginePass): EnginePass {
  const order = [...metas.keys()];
  const rank = (id: string) => {
    const index = order.indexOf(id);
    return index < 0 ? order.length : index;
  };
  return {
    ...pass,
    determining: [...pass.determining].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b)),
  };
}

function deny(ids: readonly string[], reasons: readonly string[]): PolicyVerdict {
  return { outcome: 'deny', determiningPolicies: ids, reasons };
}

/** The `@reason` of each policy, or a plain sentence naming it. */
function reasonsOf(metas: ReadonlyMap<string, PolicyMeta>, ids: readonly string[]): string[] {
  return ids.map((id) => {
    const meta = metas.get(id);
    const verb =
      meta?.effect === 'permit' ? 'permitted' : meta?.approvalGate ? 'needs approval' : 'forbidden';
    return meta?.reason ?? `${verb} by policy ${id}`;
  });
}
