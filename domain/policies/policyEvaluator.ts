import type { PublishedPolicySet } from './policyEvents.js';
import type { PolicyRequest, PolicyVerdict } from './policyRequest.js';

/** One problem found in a policy set, as the policy engine reports it (no stack, no internals). */
export interface PolicyProblem {
  /** The policy's `@id` (or the engine's positional name) when the problem belongs to one policy. */
  readonly policyId: string | null;
  readonly message: string;
  readonly help: string | null;
}

export type PolicySetCheck =
  | { readonly ok: true; readonly policyIds: readonly string[] }
  | { readonly ok: false; readonly problems: readonly PolicyProblem[] };

/**
 * The policy engine port (Cedar in `ops/governance`). Both methods are synchronous and must not do I/O beyond
 * the engine's own in-memory caches. Both throw `POLICY_ENGINE_FAILED` when the engine itself fails (not a
 * verdict on the input); the adapter then replaces its engine, so that failure is confined to that one call.
 */
export interface PolicyEvaluator {
  /**
   * Parses `policies` and validates it against MIR's schema and annotation rules (`policyAnnotations.ts`).
   * Never throws for a bad set: problems come back as data. Precondition: `policies` is within the
   * `PolicyLimits` (`policyLimits.ts`), which bound what the engine must be able to handle.
   */
  check(policies: string): PolicySetCheck;
  /**
   * Decides `request` under `set` with the semantics of `resolveOutcome`. May cache the prepared set by
   * (tenant, version); precondition: `set` passed `check`. Throws `POLICY_REQUEST_INVALID` for requests the
   * engine cannot represent.
   */
  evaluate(set: PublishedPolicySet, request: PolicyRequest): PolicyVerdict;
}

/** Hashing, injected: the domain does not compute digests itself. */
export interface PolicyDigester {
  /** SHA-256 of the UTF-8 bytes of `text`, lowercase hex. */
  textSha256(text: string): string;
  /** Digest of the canonical (RFC 8785) JSON of `request`, lowercase hex. */
  requestDigest(request: PolicyRequest): string;
}
