import { signal } from '@preact/signals';
import { describeError, gql } from '../../api/graphql.js';

/** The tenant's kill switch as `tenantStatus`, `haltTenant` and `resumeTenant` answer it. */
export interface TenantState {
  readonly tenant: string;
  readonly halted: boolean;
  readonly haltedAt: string | null;
  readonly haltedBy: string | null;
  readonly reason: string | null;
}

const FIELDS = 'tenant halted haltedAt haltedBy reason';
export const TENANT_STATUS_QUERY = `query TenantStatus { tenantStatus { ${FIELDS} } }`;
export const HALT_TENANT = `mutation HaltTenant($reason: String!) { haltTenant(reason: $reason) { ${FIELDS} } }`;
export const RESUME_TENANT = `mutation ResumeTenant($reason: String!) { resumeTenant(reason: $reason) { ${FIELDS} } }`;

/** The kill switch's events: either changes what the banner and the switch show. */
export const TENANT_CHANGES = { streamPrefix: 'tenant-', types: ['TenantHalted', 'TenantResumed'] } as const;

/** The signed-in tenant's kill switch, shared by the header's switch (admins) and the banner (`tenantRead`). */
export const tenantState = signal<TenantState | null>(null);
export const tenantStateError = signal<string | null>(null);

/** Asks the server for the tenant's state again. */
export async function loadTenantState(): Promise<void> {
  try {
    tenantState.value = (await gql<{ tenantStatus: TenantState }>(TENANT_STATUS_QUERY)).tenantStatus;
    tenantStateError.value = null;
  } catch (error) {
    tenantStateError.value = describeError(error);
  }
}
