import type { JsonObject, ToolRegisteredData } from '../../domain/index.js';
import { performHttpRequest } from './httpTool.js';
import type { HttpRequestArgs, HttpToolConfig } from './httpTool.js';
import { handlerKey } from './runtimeToolExecutor.js';
import type { RuntimeToolHandler } from './runtimeToolExecutor.js';

export const HTTP_TOOL_VERSION = '1';

const url: JsonObject = { type: 'string', format: 'uri', maxLength: 2_048, pattern: '^https?://' };
const headers: JsonObject = {
  type: 'object',
  maxProperties: 32,
  propertyNames: { pattern: '^[A-Za-z0-9-]{1,64}$' },
  additionalProperties: { type: 'string', maxLength: 4_096 },
};
const output: JsonObject = {
  type: 'object',
  properties: {
    status: { type: 'integer', minimum: 100, maximum: 599 },
    contentType: { type: ['string', 'null'] },
    body: { type: 'string' },
  },
  required: ['status', 'contentType', 'body'],
  additionalProperties: false,
};
/** Both HTTP tools are rate limited per tenant: 60 calls per minute each (a remote server is someone else's). */
export const HTTP_RATE_LIMIT = Object.freeze({ calls: 60, perMs: 60_000 });

const common = {
  version: HTTP_TOOL_VERSION,
  outputSchema: output,
  compensation: null,
  timeoutMs: 10_000,
  rateLimit: HTTP_RATE_LIMIT,
  execution: 'runtime',
} as const;

/**
 * The built-in HTTP tools. Two definitions rather than one `http.request` with a method arg, so that each has the
 * exact side-effect class: GET is `read`, POST is `irreversible` (MIR cannot know how to undo what a remote
 * server did). Policies and rollback then see the truth without inspecting args.
 */
export const HTTP_TOOL_DEFINITIONS: readonly ToolRegisteredData[] = [
  {
    ...common,
    name: 'http.get',
    description: 'GET an allow-listed URL; returns status, content type and the body as text (capped).',
    inputSchema: {
      type: 'object',
      properties: { url, headers },
      required: ['url'],
      additionalProperties: false,
    },
    sideEffect: 'read',
    riskTags: ['network'],
  },
  {
    ...common,
    name: 'http.post',
    description:
      'POST a text body to an allow-listed URL; returns status, content type and the body as text.',
    inputSchema: {
      type: 'object',
      properties: { url, headers, body: { type: 'string', maxLength: 262_144 } },
      required: ['url'],
      additionalProperties: false,
    },
    sideEffect: 'irreversible',
    riskTags: ['network', 'external-write'],
  },
];

/** The handlers of the `http.*` definitions under `config`, keyed for `createRuntimeToolExecutor`. */
export function httpToolHandlers(config: HttpToolConfig): Map<string, RuntimeToolHandler> {
  const handler =
    (method: 'GET' | 'POST'): RuntimeToolHandler =>
    (args, context) =>
      performHttpRequest(method, args as unknown as HttpRequestArgs, config, context);
  return new Map([
    [handlerKey('http.get', HTTP_TOOL_VERSION), handler('GET')],
    [handlerKey('http.post', HTTP_TOOL_VERSION), handler('POST')],
  ]);
}
