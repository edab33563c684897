import { MirError } from '../errors/mirError.js';

export type TenantErrorCode = 'TENANT_HALTED' | 'TENANT_INVALID_COMMAND' | 'TENANT_CONCURRENCY_EXHAUSTED';

/** An expected refusal because of the tenant's state (its kill switch is engaged, …). */
export class TenantError extends MirError<TenantErrorCode> {}

/**
 * The tenant kill switch as application services see it: every action of a tenant whose switch is engaged is
 * refused with `TENANT_HALTED` (details: tenant, engagedBy, reason, engagedAt) before anything else happens.
 */
export interface KillSwitch {
  /** Resolves when the tenant may act; rejects with `TENANT_HALTED` while its kill switch is engaged. */
  assertActive(tenant: string): Promise<void>;
}

/** For compositions and tests that have no kill switch: every tenant is active. */
export const NO_KILL_SWITCH: KillSwitch = { assertActive: () => Promise.resolve() };
