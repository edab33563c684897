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
 * - `policyRead`: the tenant's current policy set: admins, who publish it, and auditors, who check it.
 * - `policyAdmin`: publish policy sets: admins only.
 * - `toolRead`: the registered tools and what they declare: every role.
 * - `toolAdmin`: register tool versions: admins only.
 * - `toolWrite`: invoke tools within a run and report app-executed results: apps only (policies decide per call;
 *   an admin acting as an app uses an app key, so every call names an app principal).
 * - `tenantAdmin`: halt and resume the caller's own tenant (the kill switch): admins only.
 * - `tenantRead`: whether the tenant is halted: admins and auditors.
 * - `approvalRead`: the tenant's pending approvals: reviewers, who decide them, admins and auditors.
 * - `approvalDecide`: approve or reject a pending approval: reviewers only (the domain also refuses the requester).
 * - `memoryRead`: the tenant's memory and similarity search: every role.
 * - `memoryWrite`: propose memory and apply it to runs: apps and admins.
 * - `memoryReview`: approve or reject proposed memory: reviewers only (never the proposer).
 * - `memoryRetract`: retract memory: apps, reviewers and admins.
 * - `runReplay`: replay a run's history against its models and policies and record the result: admins only.
 * - `rollback`: roll a run back (compensations run as the admin's calls): admins only, and policies decide.
 * - `engineRead`: the remote engines the tenant may use (never a key): every role.
 * - `engineAdmin`: register remote engines: admins only.
 * - `completionWrite`: request completions and embeddings within a run: apps only, like tool calls (policies decide
 *   per request).
 */
export const CAPABILITIES = {
  read: ['auditor', 'app', 'reviewer', 'admin'],
  runWrite: ['app', 'admin'],
  verify: ['auditor', 'admin'],
  proofs: ['auditor', 'admin'],
  modelRead: ['auditor', 'app', 'reviewer', 'admin'],
  modelAdmin: ['admin'],
  inferenceWrite: ['app', 'admin'],
  policyRead: ['auditor', 'admin'],
  policyAdmin: ['admin'],
  toolRead: ['auditor', 'app', 'reviewer', 'admin'],
  toolAdmin: ['admin'],
  toolWrite: ['app'],
  tenantAdmin: ['admin'],
  tenantRead: ['auditor', 'admin'],
  approvalRead: ['auditor', 'reviewer', 'admin'],
  approvalDecide: ['reviewer'],
  memoryRead: ['auditor', 'app', 'reviewer', 'admin'],
  memoryWrite: ['app', 'admin'],
  memoryReview: ['reviewer'],
  memoryRetract: ['app', 'reviewer', 'admin'],
  runReplay: ['admin'],
  rollback: ['admin'],
  engineRead: ['auditor', 'app', 'reviewer', 'admin'],
  engineAdmin: ['admin'],
  completionWrite: ['app'],
} as const satisfies Record<string, readonly Role[]>;

export type Capability = keyof typeof CAPABILITIES;

export function hasCapability(principal: Principal | null, capability: Capability): boolean {
  return principal !== null && (CAPABILITIES[capability] as readonly Role[]).includes(principal.role);
}
