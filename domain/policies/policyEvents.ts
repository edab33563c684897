export const POLICY_STREAM_PREFIX = 'policy-';

/** One stream per tenant holds every version of its policy set, in order. */
export function policyStream(tenant: string): string {
  return `${POLICY_STREAM_PREFIX}${tenant}`;
}

/**
 * A validated policy set became the tenant's current one. `version` counts from 1 per tenant; `policies` is the
 * Cedar text exactly as published (what `sha256` covers, lowercase hex of its UTF-8 bytes); `policyIds` are the
 * `@id` annotations of its policies, in text order: the names decisions use.
 */
export interface PolicySetPublishedData {
  readonly tenant: string;
  readonly version: number;
  readonly policies: string;
  readonly policyIds: readonly string[];
  readonly sha256: string;
  readonly publishedBy: string;
  readonly description: string;
}

/**
 * A publish was refused before its text reached the policy engine: it is over one of the `PolicyLimits`. The
 * text itself is not recorded (it may be large and hostile), only its digest and size; who tried is the event's
 * `meta.actor` (and `refusedBy`), why is `reason`, `limit`, `max` and `actual`. The current set is unchanged.
 */
export interface PolicySetRefusedData {
  readonly tenant: string;
  readonly reason: 'POLICY_TOO_LARGE' | 'POLICY_TOO_COMPLEX';
  readonly limit: 'maxBytes' | 'maxPolicies' | 'maxDepth';
  readonly max: number;
  readonly actual: number;
  readonly sha256: string;
  readonly bytes: number;
  readonly refusedBy: string;
}

export type PolicyEvent =
  | { readonly type: 'PolicySetPublished'; readonly data: PolicySetPublishedData }
  | { readonly type: 'PolicySetRefused'; readonly data: PolicySetRefusedData };

export const POLICY_EVENT_TYPES = ['PolicySetPublished', 'PolicySetRefused'] as const;

/** A tenant's policy set as evaluators and callers see it: the published data plus where it was recorded. */
export interface PublishedPolicySet extends PolicySetPublishedData {
  readonly publishedAt: string;
  readonly eventId: string;
  /** Revision of its event in the tenant's policy stream. */
  readonly revision: number;
}
