import type {
  JsonValue,
  McpImportedTool,
  McpRegistrationResult,
  McpServer,
  McpToolChange,
} from '../../domain/index.js';
import { builder } from '../builder.js';
import { McpServerInvalidError, McpServerUnreachableError } from '../errors/mcpApiErrors.js';
import { ErrorInterface } from './errorTypes.js';
import { JsonScalar } from './jsonScalar.js';
import { SideEffectEnum, ToolType } from './tool.js';

const McpImportedToolType = builder.objectRef<McpImportedTool>('McpImportedTool').implement({
  description: 'One tool of the server as imported: a MIR tool version of its exact definition.',
  fields: (t) => ({
    mcpName: t.exposeString('mcpName', { description: 'Its name on the server.' }),
    name: t.exposeString('name', { description: 'Its MIR name, `mcp.<server>.<tool>`.' }),
    version: t.exposeString('version', { description: '`d` and the first 12 hex digits of `digest`.' }),
    digest: t.exposeString('digest', {
      description:
        'SHA-256 of the canonical JSON of name, description, inputSchema, outputSchema, annotations.',
    }),
    sideEffect: t.field({ type: SideEffectEnum, resolve: (tool) => tool.sideEffect }),
  }),
});

const McpToolChangeType = builder.objectRef<McpToolChange>('McpToolChange').implement({
  description:
    'A tool the server lists differently from its registration: calls to it are refused until re-registered.',
  fields: (t) => ({
    mcpName: t.exposeString('mcpName'),
    registeredDigest: t.exposeString('registeredDigest', {
      nullable: true,
      description: 'Null for a tool added since the registration.',
    }),
    currentDigest: t.exposeString('currentDigest', {
      nullable: true,
      description: 'Null for a tool the server no longer lists.',
    }),
  }),
});

export const McpServerType = builder.objectRef<McpServer>('McpServer').implement({
  description: 'An MCP server your tenant registered, as last registered, and the changes noticed since.',
  fields: (t) => ({
    name: t.exposeString('name'),
    transport: t.field({
      type: JsonScalar,
      description:
        '`{ stdio: { command, args, cwd, env } }` (env: variable names) or `{ url, bearerTokenFile }`.',
      resolve: (server) => server.transport as unknown as JsonValue,
    }),
    sideEffect: t.field({
      type: SideEffectEnum,
      description: 'The default class.',
      resolve: (s) => s.sideEffect,
    }),
    sideEffectOverrides: t.field({
      type: JsonScalar,
      description: 'By MCP tool name.',
      resolve: (server) => ({ ...server.sideEffectOverrides }),
    }),
    riskTags: t.exposeStringList('riskTags'),
    timeoutMs: t.exposeInt('timeoutMs'),
    tools: t.field({ type: [McpImportedToolType], resolve: (server) => [...server.tools] }),
    toolsDigest: t.exposeString('toolsDigest'),
    changes: t.field({ type: [McpToolChangeType], resolve: (server) => [...server.changes] }),
    registeredAt: t.exposeString('registeredAt'),
  }),
});

export const RegisterMcpServerPayloadType = builder
  .objectRef<McpRegistrationResult>('RegisterMcpServerPayload')
  .implement({
    fields: (t) => ({
      server: t.field({ type: McpServerType, resolve: (result) => result.server }),
      tools: t.field({ type: [ToolType], resolve: (result) => [...result.tools] }),
      alreadyRegistered: t.exposeBoolean('alreadyRegistered', {
        description: 'True when this exact registration was current: nothing new was recorded.',
      }),
    }),
  });

builder.objectType(McpServerInvalidError, {
  name: 'McpServerInvalidError',
  description:
    'The registration, or a tool the server lists, cannot be imported (nothing recorded): a malformed field ' +
    '(MCP_SERVER_INVALID), a tool name or schema MIR cannot take (MCP_TOOL_UNSUPPORTED), two tools with one MIR ' +
    'name (MCP_TOOL_NAME_COLLISION).',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.exposeString('reason'),
    details: t.field({ type: JsonScalar, resolve: (error) => error.details }),
  }),
});

builder.objectType(McpServerUnreachableError, {
  name: 'McpServerUnreachableError',
  description:
    'MIR could not connect to the server and list its tools (MCP_SERVER_UNREACHABLE), or could not use its ' +
    'bearer token file (MCP_TOKEN_UNREADABLE). Nothing was recorded.',
  interfaces: [ErrorInterface],
  fields: (t) => ({ reason: t.exposeString('reason') }),
});
