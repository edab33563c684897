import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { EngineType } from '../types/engine.js';

builder.queryField('engines', (t) =>
  t.field({
    type: [EngineType],
    authScopes: { can: 'engineRead' },
    description:
      "The remote engines your tenant may use, by name (latest revision of each): your tenant's own and the " +
      "runtime's; never another tenant's, never a key.",
    resolve: async (_root, _args, context) => governanceOf(context).engines.list(principalOf(context).tenant),
  }),
);
