import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import { inferenceRuntimeOf } from '../errors/inferenceUnavailable.js';
import { ModelType } from '../types/model.js';
import { shortTextSchema } from '../types/validators.js';

builder.queryField('models', (t) =>
  t.field({
    type: [ModelType],
    authScopes: { can: 'modelRead' },
    description:
      "The models your tenant may run, by name then registration order: your tenant's own and the ones shipped " +
      "with MIR (never another tenant's); with `name`, the versions of that model.",
    args: { name: t.arg.string({ validate: shortTextSchema }) },
    resolve: async (_root, args, context) => {
      const models = await inferenceRuntimeOf(context).listModels(principalOf(context).tenant);
      return args.name == null ? models : models.filter((model) => model.name === args.name);
    },
  }),
);
