import { builder } from '../builder.js';
import { ConcurrencyConflictError, LedgerInputError } from '../errors/apiErrors.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { toApiError } from '../errors/toApiError.js';
import { EngineKindEnum, EngineLocalityEnum, RegisterEnginePayloadType } from '../types/engine.js';
import { commandOrigin } from './executeRunCommand.js';

builder.mutationField('registerEngine', (t) =>
  t.field({
    type: RegisterEnginePayloadType,
    authScopes: { can: 'engineAdmin' },
    errors: { types: [ConcurrencyConflictError, LedgerInputError], directResult: true },
    description:
      "Registers a remote engine as your tenant's own (`EngineRegistered` on `engine-<tenant>:<name>`). The same " +
      'definition again answers `alreadyRegistered: true`; a changed one records the next revision, which ' +
      'supersedes. `baseUrl` is http(s) without user info; the API key stays in `apiKeyFile` (an absolute path, ' +
      'readable by its owner only, checked now), never in the ledger. An invalid definition is BAD_USER_INPUT ' +
      '(reason ENGINE_INVALID, or ENGINE_SECRET_UNREADABLE for the key file).',
    args: {
      name: t.arg.string({ required: true, description: 'Dotted lowercase segments, e.g. `ollama.local`.' }),
      kind: t.arg({ type: EngineKindEnum, required: true }),
      baseUrl: t.arg.string({ required: true, description: 'e.g. `http://127.0.0.1:11434/v1`.' }),
      model: t.arg.string({ required: true }),
      apiKeyFile: t.arg.string({
        description: 'Absolute path of a file holding the API key; absent: no key.',
      }),
      locality: t.arg({ type: EngineLocalityEnum, required: true }),
      timeoutMs: t.arg.int({ required: true, description: 'Per attempt.' }),
      maxRetries: t.arg.int({
        required: true,
        description: 'Retries after idempotent failures (429, 5xx, resets).',
      }),
    },
    resolve: async (_root, args, context) => {
      const governance = governanceOf(context);
      try {
        return await governance.engines.register(
          {
            name: args.name,
            kind: args.kind,
            baseUrl: args.baseUrl,
            model: args.model,
            apiKeyFile: args.apiKeyFile ?? null,
            locality: args.locality,
            timeoutMs: args.timeoutMs,
            maxRetries: args.maxRetries,
          },
          commandOrigin(context, null),
        );
      } catch (error) {
        throw toApiError(error);
      }
    },
  }),
);
