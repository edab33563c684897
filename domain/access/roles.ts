/**
 * Roles (architecture, "GraphQL surface"): `auditor` reads everything in its tenant, verifies, asks for proofs and
 * exports, and changes nothing; `app` drives runs (and later inference, tools, memory proposals); `reviewer` decides
 * approvals and reviews memory; `admin` registers, publishes policies, rolls back and manages keys.
 */
export const ROLES = ['auditor', 'app', 'reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return (ROLES as readonly unknown[]).includes(value);
}

/** An authenticated caller: the API key it used, its role, and the one tenant it may see. */
export interface Principal {
  readonly keyId: string;
  readonly role: Role;
  readonly tenant: string;
}
