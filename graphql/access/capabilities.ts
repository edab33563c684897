import type { Principal, Role } from '../../domain/index.js';

/**
 * What each role may do, in its own tenant only (architecture, "GraphQL surface"). Every root field names exactly
 * one capability; the authorization matrix test checks each field against this table for every role.
 *
 * - `read`: runs, steps, events, ledger head and checkpoints: every role.
 * - `runWrite`: start, step, complete, fail and cancel runs: apps and admins (auditors change nothing).
 * - `verify`: re-verify the ledger: auditors and admins.
 * - `proofs`: inclusion and consistency proofs: auditors and admins.
 * - `modelRead`: the registered models and what they declare: every role.
 * - `modelAdmin`: register models (upload model files): admins only.
 * - `inferenceWrite`: request inference within a run: apps and admins, like the other run writes.
 */
export const CAPABILITIES = {
  read: ['auditor', 'app', 'reviewer', 'admin'],
  runWrite: ['app', 'admin'],
  verify: ['auditor', 'admin'],
  proofs: ['auditor', 'admin'],
  modelRead: ['auditor', 'app', 'reviewer', 'admin'],
  modelAdmin: ['admin'],
  inferenceWrite: ['app', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export function hasCapability(principal: Principal | null, capability: Capability): boolean {
  return principal !== null && (CAPABILITIES[capability] as readonly Role[]).includes(principal.role);
}
