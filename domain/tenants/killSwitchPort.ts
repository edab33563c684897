import { MirError } from '../errors/mirError.js';
import type { Actor } from '../events/eventEnvelope.js';

export const TENANT_ERROR_CODES = ['TENANT_HALTED', 'TENANT_INVALID_COMMAND'] as const;
export type TenantErrorCode = (typeof TENANT_ERROR_CODES)[number];

/** An expected refusal because of the tenant's state (its kill switch is engaged, …). */
export class TenantError extends MirError<TenantErrorCode> {}

/** What a principal tried while its tenant was halted: the refusal is recorded as evidence. */
export interface HaltedAttempt {
  /** The command or action, e.g. `InvokeTool`, `RequestInference`, `ProposeMemory`. */
  readonly action: string;
  /** The run, memory or approval it concerned, when there is one. */
  readonly subject: string | null;
  readonly actor: Actor;
  readonly correlationId?: string;
}

/**
 * The tenant kill switch as application services see it: every action of a tenant whose switch is engaged is
 * refused with `TENANT_HALTED` (details: tenant, haltedBy, reason, haltedAt, and `refusalEventId` when the
 * refusal was recorded) before anything else happens.
 */
export interface KillSwitch {
  /**
   * Resolves when the tenant may act; rejects with `TENANT_HALTED` while its kill switch is engaged. With an
   * `attempt`, the refusal is recorded (`TenantActionRefused`) before the rejection. An attempt by the runtime
   * itself (actor kind `system`: the built-in tools and shipped models it registers at start) is not the tenant's
   * and always resolves, so that halting a tenant can never keep a server from starting.
   */
  assertActive(tenant: string, attempt?: HaltedAttempt): Promise<void>;
}

/** For compositions and tests that have no kill switch: every tenant is active. */
export const NO_KILL_SWITCH: KillSwitch = { assertActive: () => Promise.resolve() };

/** The attempt a service reports to the kill switch, from the command's origin. */
export function haltedAttempt(
  action: string,
  subject: string | null,
  origin: { readonly actor: Actor; readonly correlationId?: string },
): HaltedAttempt {
  return {
    action,
    subject,
    actor: origin.actor,
    ...(origin.correlationId === undefined ? {} : { correlationId: origin.correlationId }),
  };
}
