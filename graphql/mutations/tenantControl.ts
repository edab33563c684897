import { z } from 'zod';
import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import { tenantsOf } from '../errors/governanceUnavailable.js';
import { toApiError } from '../errors/toApiError.js';
import { TenantStatusType } from '../types/tenantStatus.js';
import { commandOrigin } from './executeRunCommand.js';

const reasonSchema = z
  .string()
  .max(1024)
  .refine((reason) => reason.trim() !== '', 'must be non-empty text');

/** Halting and lifting differ only in the service method and the text: one resolver for both. */
function tenantControlField(
  t: Parameters<Parameters<typeof builder.mutationFields>[0]>[0],
  change: 'halt' | 'resume',
  description: string,
) {
  return t.field({
    type: TenantStatusType,
    authScopes: { can: 'tenantAdmin' },
    description,
    args: { reason: t.arg.string({ required: true, validate: reasonSchema }) },
    resolve: async (_root, args, context) => {
      const { tenant } = principalOf(context);
      try {
        const origin = commandOrigin(context, null);
        return { tenant, state: await tenantsOf(context)[change](tenant, args.reason, origin) };
      } catch (error) {
        throw toApiError(error);
      }
    },
  });
}

builder.mutationFields((t) => ({
  haltTenant: tenantControlField(
    t,
    'halt',
    "Engages your tenant's kill switch (`TenantHalted`): from the next action on, every command of the tenant is " +
      'refused with TENANT_HALTED, on every server sharing the ledger. Halting a halted tenant is refused likewise ' +
      '(TENANT_HALTED, recorded): only resumeTenant and cancelRun go through.',
  ),
  resumeTenant: tenantControlField(
    t,
    'resume',
    "Lifts your tenant's kill switch (`TenantResumed`); resuming an active tenant records nothing.",
  ),
}));

builder.queryField('tenantStatus', (t) =>
  t.field({
    type: TenantStatusType,
    authScopes: { can: 'tenantRead' },
    description: "Whether your tenant's kill switch is engaged, by whom and why.",
    resolve: async (_root, _args, context) => {
      const { tenant } = principalOf(context);
      return { tenant, state: await tenantsOf(context).status(tenant) };
    },
  }),
);
