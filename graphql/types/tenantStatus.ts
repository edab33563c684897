import type { TenantControlState } from '../../domain/index.js';
import { builder } from '../builder.js';

/** A tenant's kill switch as the API shows it. */
export interface TenantStatusView {
  readonly tenant: string;
  readonly state: TenantControlState;
}

export const TenantStatusType = builder.objectRef<TenantStatusView>('TenantStatus').implement({
  description:
    "Your tenant's kill switch: while halted, every mutation of the tenant but cancelRun and resumeTenant is " +
    'refused with TENANT_HALTED and the refusal recorded; reads are unaffected.',
  fields: (t) => ({
    tenant: t.exposeString('tenant'),
    halted: t.boolean({ resolve: (view) => view.state.halted !== null }),
    haltedBy: t.string({ nullable: true, resolve: (view) => view.state.halted?.by ?? null }),
    reason: t.string({ nullable: true, resolve: (view) => view.state.halted?.reason ?? null }),
    haltedAt: t.string({ nullable: true, resolve: (view) => view.state.halted?.at ?? null }),
  }),
});
