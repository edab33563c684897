import { ENGINE_KINDS, ENGINE_LOCALITIES } from '../../domain/index.js';
import type { EngineRegistrationResult, RegisteredEngine } from '../../domain/index.js';
import { builder } from '../builder.js';

export const EngineKindEnum = builder.enumType('EngineKind', {
  description:
    '`openai_compatible`: any endpoint speaking the OpenAI HTTP API (OpenAI, vLLM, Ollama, llama.cpp, LiteLLM).',
  values: Object.fromEntries(ENGINE_KINDS.map((kind) => [kind.replace('-', '_'), { value: kind }])),
});

export const EngineLocalityEnum = builder.enumType('EngineLocality', {
  description:
    'Where the engine runs, as the admin declares it: what policies route on (`context.completion.locality`).',
  values: ENGINE_LOCALITIES,
});

export const EngineType = builder.objectRef<RegisteredEngine>('Engine').implement({
  description:
    'A remote engine your tenant may use: its latest revision. The API key never appears anywhere; only whether one is used.',
  fields: (t) => ({
    name: t.exposeString('name'),
    revision: t.exposeInt('revision', {
      description: '1, then +1 per changed registration (the latest is in force).',
    }),
    kind: t.field({ type: EngineKindEnum, resolve: (engine) => engine.kind }),
    baseUrl: t.exposeString('baseUrl'),
    model: t.exposeString('model'),
    locality: t.field({ type: EngineLocalityEnum, resolve: (engine) => engine.locality }),
    usesApiKey: t.boolean({
      description: 'True when requests carry a key read from the registered key file.',
      resolve: (engine) => engine.apiKeyFile !== null,
    }),
    timeoutMs: t.exposeInt('timeoutMs'),
    maxRetries: t.exposeInt('maxRetries'),
    builtIn: t.boolean({
      description: 'True for an engine of the runtime itself, which every tenant may use.',
      resolve: (engine) => engine.tenant === 'system',
    }),
    registeredAt: t.exposeString('registeredAt'),
  }),
});

export const RegisterEnginePayloadType = builder
  .objectRef<EngineRegistrationResult>('RegisterEnginePayload')
  .implement({
    fields: (t) => ({
      engine: t.field({ type: EngineType, resolve: (result) => result.engine }),
      alreadyRegistered: t.exposeBoolean('alreadyRegistered', {
        description:
          'True when this exact definition was already the latest revision: nothing new was recorded.',
      }),
    }),
  });
