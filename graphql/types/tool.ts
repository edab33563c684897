import { EXECUTION_MODES, SIDE_EFFECTS } from '../../domain/index.js';
import type { RegisteredTool, ToolRegistrationResult } from '../../domain/index.js';
import { builder } from '../builder.js';
import { JsonScalar } from './jsonScalar.js';

export const SideEffectEnum = builder.enumType('SideEffect', {
  description:
    '`read` changes nothing; `reversible` changes what its declared compensation undoes; `irreversible` cannot be undone.',
  values: SIDE_EFFECTS,
});

export const ExecutionModeEnum = builder.enumType('ExecutionMode', {
  description:
    '`runtime`: MIR runs the tool. `app`: MIR issues a single-use grant and the app reports the result. ' +
    '`mcp`: MIR calls it on the MCP server it was imported from.',
  values: EXECUTION_MODES,
});

const RateLimitType = builder.objectRef<NonNullable<RegisteredTool['rateLimit']>>('RateLimit').implement({
  description:
    'At most `calls` calls in any sliding window of `perMs` milliseconds (per tool version and tenant).',
  fields: (t) => ({ calls: t.exposeInt('calls'), perMs: t.exposeInt('perMs') }),
});

export const RateLimitInput = builder.inputType('RateLimitInput', {
  fields: (t) => ({ calls: t.int({ required: true }), perMs: t.int({ required: true }) }),
});

export const ToolType = builder.objectRef<RegisteredTool>('Tool').implement({
  description:
    "A registered tool version: immutable; a built-in (every tenant's) or your tenant's own (no other tenant sees it).",
  fields: (t) => ({
    name: t.exposeString('name'),
    builtIn: t.boolean({
      description: "True for a tool MIR ships, which every tenant sees; false for your tenant's own.",
      resolve: (tool) => tool.tenant === null,
    }),
    version: t.exposeString('version'),
    description: t.exposeString('description'),
    inputSchema: t.field({
      type: JsonScalar,
      description: 'JSON Schema (draft 2020-12) of the args.',
      resolve: (tool) => tool.inputSchema,
    }),
    outputSchema: t.field({
      type: JsonScalar,
      description: 'JSON Schema (draft 2020-12) of the output.',
      resolve: (tool) => tool.outputSchema,
    }),
    sideEffect: t.field({ type: SideEffectEnum, resolve: (tool) => tool.sideEffect }),
    compensation: t.field({
      type: JsonScalar,
      nullable: true,
      description: 'The call that undoes a reversible call: `{ tool, version, args }`; null for the others.',
      resolve: (tool) => (tool.compensation === null ? null : { ...tool.compensation }),
    }),
    timeoutMs: t.exposeInt('timeoutMs'),
    rateLimit: t.field({ type: RateLimitType, nullable: true, resolve: (tool) => tool.rateLimit }),
    execution: t.field({ type: ExecutionModeEnum, resolve: (tool) => tool.execution }),
    riskTags: t.exposeStringList('riskTags'),
    registeredAt: t.exposeString('registeredAt'),
    position: t.expose('position', {
      type: 'Position',
      description: 'Position of its `ToolRegistered` event.',
    }),
  }),
});

/** What `registerTool` returns on success. */
export const RegisterToolPayloadType = builder
  .objectRef<ToolRegistrationResult>('RegisterToolPayload')
  .implement({
    fields: (t) => ({
      tool: t.field({ type: ToolType, resolve: (result) => result.tool }),
      alreadyRegistered: t.exposeBoolean('alreadyRegistered', {
        description: 'True when this exact definition was registered already: nothing new was recorded.',
      }),
    }),
  });
