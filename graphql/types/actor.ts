import type { Actor } from '../../domain/index.js';
import { builder } from '../builder.js';
import { ApiKeyType } from './apiKey.js';
import { ActorKindEnum } from './enums.js';

/** Who caused an event: an API key (service), a user, a model or a runtime component. */
export const ActorType = builder.objectRef<Actor>('Actor').implement({
  fields: (t) => ({
    kind: t.field({ type: ActorKindEnum, resolve: (actor) => actor.kind }),
    id: t.exposeString('id'),
    apiKey: t.field({
      type: ApiKeyType,
      nullable: true,
      description:
        'The API key behind a service actor, when it is a key of your tenant (batched per request).',
      resolve: (actor, _args, context) =>
        actor.kind === 'service' ? context.loaders.apiKey.load(actor.id) : null,
    }),
  }),
});
