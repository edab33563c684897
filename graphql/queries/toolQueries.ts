import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { ToolType } from '../types/tool.js';
import { shortTextSchema } from '../types/validators.js';

builder.queryField('tools', (t) =>
  t.field({
    type: [ToolType],
    authScopes: { can: 'toolRead' },
    description:
      "The tool versions your tenant may call, by name then registration order: your tenant's own and the " +
      "built-ins (never another tenant's); with `name`, the versions of that tool.",
    args: { name: t.arg.string({ validate: shortTextSchema }) },
    resolve: async (_root, args, context) => {
      const tools = await governanceOf(context).tools.list(principalOf(context).tenant);
      return args.name == null ? tools : tools.filter((tool) => tool.name === args.name);
    },
  }),
);
