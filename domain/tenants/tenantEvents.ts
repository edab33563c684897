import { TenantError } from './killSwitchPort.js';
import type { RefusalCount } from './refusalRecorder.js';

export const TENANT_STREAM_PREFIX = 'tenant-';

export function tenantStream(tenant: string): string {
  return `${TENANT_STREAM_PREFIX}${tenant}`;
}

/** The tenant kill switch was engaged: every action of the tenant is refused until it is lifted. */
export interface TenantHaltedData {
  readonly tenant: string;
  readonly reason: string;
  readonly haltedBy: string;
}

export interface TenantResumedData {
  readonly tenant: string;
  readonly reason: string;
  readonly resumedBy: string;
}

/**
 * Refusals of a tenant's callers (its halted actions, forbidden fields, ids not found in it) live on a stream of
 * their own beside its switch, so reading the switch stays one short stream.
 */
export const TENANT_REFUSALS_PREFIX = 'refusals-';

export function tenantRefusalStream(tenant: string): string {
  return `${TENANT_REFUSALS_PREFIX}${tenant}`;
}

/** An action of a halted tenant was refused (the actor is the event's `meta.actor`); `count`: how many times. */
export interface TenantActionRefusedData extends RefusalCount {
  readonly tenant: string;
  readonly action: string;
  readonly subject: string | null;
  readonly reason: 'TENANT_HALTED';
  /** The halt in force: who engaged it, why, and since when. */
  readonly haltedBy: string;
  readonly haltReason: string;
  readonly haltedAt: string;
}

export type TenantEvent =
  | { readonly type: 'TenantHalted'; readonly data: TenantHaltedData }
  | { readonly type: 'TenantResumed'; readonly data: TenantResumedData };

export const TENANT_EVENT_TYPES = ['TenantHalted', 'TenantResumed'] as const;

/** Whether a tenant is halted, as its stream says, and since when. */
export interface TenantControlState {
  readonly halted: { readonly by: string; readonly reason: string; readonly at: string } | null;
  readonly revision: number | null;
}

export const initialTenantControlState: TenantControlState = Object.freeze({ halted: null, revision: null });

export function evolveTenantControl(
  state: TenantControlState,
  event: {
    readonly type: string;
    readonly data: unknown;
    readonly revision: number;
    readonly occurredAt: string;
  },
): TenantControlState {
  switch (event.type) {
    case 'TenantHalted': {
      const data = event.data as TenantHaltedData;
      return {
        halted: { by: data.haltedBy, reason: data.reason, at: event.occurredAt },
        revision: event.revision,
      };
    }
    case 'TenantResumed':
      return { halted: null, revision: event.revision };
    default:
      return { ...state, revision: event.revision };
  }
}

const MAX_REASON = 1_024;

/**
 * Decides a kill-switch command. Engaging an engaged switch or lifting a lifted one changes nothing (no event):
 * the switch's state is what matters, and a retried command must not stack events.
 */
export function decideTenantControl(
  command: { readonly type: 'HaltTenant' | 'ResumeTenant'; readonly tenant: string; readonly reason: string },
  state: TenantControlState,
  principal: string,
): TenantEvent[] {
  if (
    typeof command.reason !== 'string' ||
    command.reason.trim() === '' ||
    command.reason.length > MAX_REASON
  )
    throw new TenantError(
      'TENANT_INVALID_COMMAND',
      `reason must be non-empty text of ${MAX_REASON} characters at most`,
      {
        field: 'reason',
      },
    );
  if (command.type === 'HaltTenant')
    return state.halted !== null
      ? []
      : [
          {
            type: 'TenantHalted',
            data: { tenant: command.tenant, reason: command.reason, haltedBy: principal },
          },
        ];
  return state.halted === null
    ? []
    : [
        {
          type: 'TenantResumed',
          data: { tenant: command.tenant, reason: command.reason, resumedBy: principal },
        },
      ];
}
