/**
 * MIR's policy annotations: Cedar evaluates, MIR reads these to name and interpret the policies that decided.
 *
 * - `@id("…")` — required on every policy, unique in the set: the name decisions record.
 * - `@approval("required")` — only on `forbid` policies: an approval gate (see `resolveOutcome`).
 * - `@reason("…")` — optional: the human-readable reason a decision reports when this policy determines it.
 */
export const POLICY_ANNOTATIONS = { id: 'id', approval: 'approval', reason: 'reason' } as const;

export const APPROVAL_REQUIRED = 'required';

/** What MIR knows about one policy of a prepared set. */
export interface PolicyMeta {
  readonly id: string;
  readonly effect: 'permit' | 'forbid';
  /** A forbid that an approval lifts. */
  readonly approvalGate: boolean;
  readonly reason: string | null;
}

/**
 * Reads one policy's annotations (`position` is its 0-based place in the text, for messages).
 * Returns the policy's meta, or the rule it breaks.
 */
export function readPolicyMeta(
  effect: 'permit' | 'forbid',
  annotations: Readonly<Record<string, string>>,
  position: number,
): PolicyMeta | { readonly problem: string } {
  const id = annotations[POLICY_ANNOTATIONS.id];
  if (id === undefined || id.trim() === '')
    return { problem: `policy #${position + 1} has no @id("…") annotation: every policy needs a unique id` };
  const approval = annotations[POLICY_ANNOTATIONS.approval];
  if (approval !== undefined && approval !== APPROVAL_REQUIRED)
    return {
      problem: `policy ${id}: @approval must be "${APPROVAL_REQUIRED}", got ${JSON.stringify(approval)}`,
    };
  if (approval !== undefined && effect !== 'forbid')
    return {
      problem: `policy ${id}: @approval applies to forbid policies only (an approval lifts a forbid)`,
    };
  return {
    id,
    effect,
    approvalGate: approval !== undefined,
    reason: annotations[POLICY_ANNOTATIONS.reason] ?? null,
  };
}

/** Every policy's meta, or every problem (missing, malformed and duplicate ids, misplaced gates). */
export function readPolicySetMeta(
  policies: readonly {
    readonly effect: 'permit' | 'forbid';
    readonly annotations: Readonly<Record<string, string>>;
  }[],
): { readonly metas: readonly PolicyMeta[]; readonly problems: readonly string[] } {
  const metas: PolicyMeta[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  policies.forEach((policy, position) => {
    const meta = readPolicyMeta(policy.effect, policy.annotations, position);
    if ('problem' in meta) problems.push(meta.problem);
    else if (seen.has(meta.id)) problems.push(`policy id ${JSON.stringify(meta.id)} is used more than once`);
    else {
      seen.add(meta.id);
      metas.push(meta);
    }
  });
  return { metas, problems };
}
