import { builder } from '../builder.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { ToolType } from '../types/tool.js';
import { shortTextSchema } from '../types/validators.js';

builder.queryField('tools', (t) =>
  t.field({
    type: [ToolType],
    authScopes: { can: 'toolRead' },
    description:
      'Registered tool versions, by name then registration order; with `name`, the versions of that tool. Tools ' +
      'are shared by every tenant of this server.',
    args: { name: t.arg.string({ validate: shortTextSchema }) },
    resolve: async (_root, args, context) => {
      const tools = await governanceOf(context).tools.list();
      return args.name == null ? tools : tools.filter((tool) => tool.name === args.name);
    },
  }),
);
