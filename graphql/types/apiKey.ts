import type { ApiKeyRecord } from '../../projections/index.js';
import { builder } from '../builder.js';
import { RoleEnum } from './enums.js';

/** An API key of the caller's tenant, as the audit trail names it. The secret (and its hash) never leave the ledger. */
export const ApiKeyType = builder.objectRef<ApiKeyRecord>('ApiKey').implement({
  fields: (t) => ({
    keyId: t.exposeID('keyId'),
    role: t.field({ type: RoleEnum, resolve: (key) => key.role }),
    label: t.exposeString('label'),
    issuedAt: t.exposeString('issuedAt'),
    revokedAt: t.exposeString('revokedAt', { nullable: true }),
  }),
});
