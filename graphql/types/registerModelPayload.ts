import type { ModelRegistrationOutcome } from '../../inference/index.js';
import { builder } from '../builder.js';
import { ModelType } from './model.js';

/** What `registerModel` returns on success. */
export const RegisterModelPayloadType = builder
  .objectRef<ModelRegistrationOutcome>('RegisterModelPayload')
  .implement({
    fields: (t) => ({
      model: t.field({ type: ModelType, resolve: (outcome) => outcome.model }),
      alreadyRegistered: t.exposeBoolean('alreadyRegistered', {
        description:
          'True when this name, version and file were registered already: nothing new was recorded.',
      }),
      executionProvider: t.exposeString('executionProvider', {
        description: 'Where the model was warmed, e.g. `cuda` or `cpu`.',
      }),
      fallbackReason: t.exposeString('fallbackReason', {
        nullable: true,
        description: 'Why a preferred execution provider was not used; null when the first choice loaded.',
      }),
    }),
  });
