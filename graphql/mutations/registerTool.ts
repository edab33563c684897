import type { Compensation, JsonObject } from '../../domain/index.js';
import { builder } from '../builder.js';
import { ConcurrencyConflictError, LedgerInputError } from '../errors/apiErrors.js';
import {
  ToolInvalidError,
  ToolNameReservedError,
  ToolVersionConflictError,
} from '../errors/governanceApiErrors.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { toApiError } from '../errors/toApiError.js';
import { JsonScalar } from '../types/jsonScalar.js';
import { ExecutionModeEnum, RateLimitInput, RegisterToolPayloadType, SideEffectEnum } from '../types/tool.js';
import { commandOrigin } from './executeRunCommand.js';

builder.mutationField('registerTool', (t) =>
  t.field({
    type: RegisterToolPayloadType,
    authScopes: { can: 'toolAdmin' },
    errors: {
      types: [
        ToolInvalidError,
        ToolNameReservedError,
        ToolVersionConflictError,
        ConcurrencyConflictError,
        LedgerInputError,
      ],
      directResult: true,
    },
    description:
      "Registers a tool version as your tenant's own (`ToolRegistered`): only your tenant sees and calls it, and " +
      "another tenant may register the same name independently; a built-in's name is a ToolNameReservedError. " +
      'Versions are immutable: the identical definition again answers ' +
      '`alreadyRegistered: true`, another definition under the same version is a ToolVersionConflictError. A ' +
      'reversible tool must declare its compensation; read and irreversible tools declare none.',
    args: {
      name: t.arg.string({
        required: true,
        description: 'Dotted lowercase segments, e.g. `crm.contacts.update`.',
      }),
      version: t.arg.string({ required: true }),
      description: t.arg.string(),
      inputSchema: t.arg({ type: JsonScalar, required: true }),
      outputSchema: t.arg({ type: JsonScalar, required: true }),
      sideEffect: t.arg({ type: SideEffectEnum, required: true }),
      compensation: t.arg({
        type: JsonScalar,
        description:
          '`{ tool, version, args: { name: { from: "/args/…" } | { value } } }`; reversible tools only.',
      }),
      timeoutMs: t.arg.int({ required: true }),
      rateLimit: t.arg({ type: RateLimitInput }),
      execution: t.arg({ type: ExecutionModeEnum, required: true }),
      riskTags: t.arg.stringList(),
    },
    resolve: async (_root, args, context) => {
      const governance = governanceOf(context);
      // The JSON arguments are checked by the registry (`normalizeToolRegistration`), not trusted by type.
      const registration = {
        name: args.name,
        version: args.version,
        ...(args.description == null ? {} : { description: args.description }),
        inputSchema: args.inputSchema as JsonObject,
        outputSchema: args.outputSchema as JsonObject,
        sideEffect: args.sideEffect,
        compensation: (args.compensation ?? null) as Compensation | null,
        timeoutMs: args.timeoutMs,
        rateLimit: args.rateLimit ?? null,
        execution: args.execution,
        riskTags: args.riskTags ?? [],
      };
      try {
        return await governance.tools.register(registration, commandOrigin(context, null));
      } catch (error) {
        throw toApiError(error);
      }
    },
  }),
);
