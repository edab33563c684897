import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { PolicySetType } from '../types/policySet.js';

builder.queryField('policies', (t) =>
  t.field({
    type: PolicySetType,
    nullable: true,
    authScopes: { can: 'policyRead' },
    description:
      "Your tenant's current policy set; null before the first publish (every tool call is then denied).",
    resolve: (_root, _args, context) => governanceOf(context).policies.current(principalOf(context).tenant),
  }),
);

builder.queryField('policyVersions', (t) =>
  t.field({
    type: [PolicySetType],
    authScopes: { can: 'policyRead' },
    description:
      "Every version of your tenant's policy set ever published, newest first; [] before the first.",
    resolve: (_root, _args, context) => governanceOf(context).policies.versions(principalOf(context).tenant),
  }),
);
