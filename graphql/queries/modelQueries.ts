import { builder } from '../builder.js';
import { inferenceRuntimeOf } from '../errors/inferenceUnavailable.js';
import { ModelType } from '../types/model.js';
import { shortTextSchema } from '../types/validators.js';

builder.queryField('models', (t) =>
  t.field({
    type: [ModelType],
    authScopes: { can: 'modelRead' },
    description:
      'Registered models, by name then registration order; with `name`, the versions of that model. Models are ' +
      'shared by every tenant of this server.',
    args: { name: t.arg.string({ validate: shortTextSchema }) },
    resolve: async (_root, args, context) => {
      const models = await inferenceRuntimeOf(context).listModels();
      return args.name == null ? models : models.filter((model) => model.name === args.name);
    },
  }),
);
