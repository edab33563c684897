import { CAPABILITIES, hasCapability } from '../access/capabilities.js';
import type { Capability } from '../access/capabilities.js';
import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import { RoleEnum } from '../types/enums.js';
import type { Principal } from '../../domain/index.js';

/** The caller as the API sees it: what a client (the console) needs to offer only what the role may do. */
const ViewerType = builder.objectRef<Principal>('Viewer').implement({
  description: 'The API key making this request: its tenant, role and what that role may do.',
  fields: (t) => ({
    keyId: t.exposeID('keyId'),
    tenant: t.exposeString('tenant'),
    role: t.field({ type: RoleEnum, resolve: (principal) => principal.role }),
    label: t.string({
      description: 'The label the key was issued with.',
      resolve: async (principal, _args, context) =>
        (await context.loaders.apiKey.load(principal.keyId))?.label ?? '',
    }),
    capabilities: t.stringList({
      description:
        "The capabilities the key's role holds (each root field names one): `read`, `runWrite`, `verify`, " +
        '`proofs`, `approvalDecide`, `memoryReview`, `tenantAdmin`, …. Advisory for clients: the server checks ' +
        'every request itself.',
      resolve: (principal) =>
        (Object.keys(CAPABILITIES) as Capability[]).filter((capability) =>
          hasCapability(principal, capability),
        ),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerType,
    authScopes: { can: 'read' },
    description: 'Who you are: the key, its tenant, its role and the capabilities the role holds.',
    resolve: (_root, _args, context) => principalOf(context),
  }),
);
