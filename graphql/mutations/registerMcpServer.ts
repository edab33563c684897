import type { McpServerRegistration } from '../../domain/index.js';
import { builder } from '../builder.js';
import { ConcurrencyConflictError, LedgerInputError } from '../errors/apiErrors.js';
import {
  ToolInvalidError,
  ToolNameReservedError,
  ToolVersionConflictError,
} from '../errors/governanceApiErrors.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { McpServerInvalidError, McpServerUnreachableError } from '../errors/mcpApiErrors.js';
import { toApiError } from '../errors/toApiError.js';
import { RegisterMcpServerPayloadType } from '../types/mcpServer.js';
import { SideEffectEnum } from '../types/tool.js';
import { commandOrigin } from './executeRunCommand.js';

const McpStdioInput = builder.inputType('McpStdioInput', {
  fields: (t) => ({
    command: t.string({ required: true }),
    args: t.stringList(),
    cwd: t.string(),
    env: t.stringList({
      description: "Names of variables of MIR's own environment handed to the server (never values).",
    }),
  }),
});

const McpTransportInput = builder.inputType('McpTransportInput', {
  description: 'Exactly one of `stdio` (MIR spawns the server) or `url` (Streamable HTTP).',
  fields: (t) => ({
    stdio: t.field({ type: McpStdioInput }),
    url: t.string({ description: 'http or https, without user info.' }),
    bearerTokenFile: t.string({
      description: 'With `url`: absolute path of an owner-only file holding the token, read at connect time.',
    }),
  }),
});

const McpSideEffectOverrideInput = builder.inputType('McpSideEffectOverrideInput', {
  fields: (t) => ({
    tool: t.string({ required: true, description: 'The tool name on the server.' }),
    sideEffect: t.field({ type: SideEffectEnum, required: true }),
  }),
});

builder.mutationField('registerMcpServer', (t) =>
  t.field({
    type: RegisterMcpServerPayloadType,
    authScopes: { can: 'toolAdmin' },
    errors: {
      types: [
        McpServerInvalidError,
        McpServerUnreachableError,
        ToolInvalidError,
        ToolNameReservedError,
        ToolVersionConflictError,
        ConcurrencyConflictError,
        LedgerInputError,
      ],
      directResult: true,
    },
    description:
      "Registers (or re-registers, re-approving its tools) an MCP server as your tenant's: MIR connects, lists its " +
      'tools and imports each as tool `mcp.<name>.<tool>` version `d<12 hex of its definition digest>`, executed ' +
      'by MIR on the server through the governed path (`invokeTool`). Records `McpServerRegistered`. Every tool is ' +
      '`irreversible` unless `sideEffect` or an override says otherwise (`read` or `irreversible`). A tool whose ' +
      'definition changes on the server is refused (`MCP_TOOL_CHANGED`) until the server is registered again.',
    args: {
      name: t.arg.string({ required: true, description: 'One tool-name segment, e.g. `files`.' }),
      transport: t.arg({ type: McpTransportInput, required: true }),
      sideEffect: t.arg({ type: SideEffectEnum, description: 'Default `irreversible`.' }),
      sideEffectOverrides: t.arg({ type: [McpSideEffectOverrideInput] }),
      riskTags: t.arg.stringList(),
      timeoutMs: t.arg.int({ description: 'Per call; default 30000.' }),
    },
    resolve: async (_root, args, context) => {
      const { stdio, url, bearerTokenFile } = args.transport;
      // Both or neither is refused by the registry: the shape is passed on as given.
      const transport = {
        ...(stdio == null ? {} : { stdio: { ...stdio, args: stdio.args ?? [], env: stdio.env ?? [] } }),
        ...(url == null ? {} : { url, bearerTokenFile: bearerTokenFile ?? null }),
      } as McpServerRegistration['transport'];
      const registration: McpServerRegistration = {
        name: args.name,
        transport,
        ...(args.sideEffect == null ? {} : { sideEffect: args.sideEffect }),
        sideEffectOverrides: Object.fromEntries(
          (args.sideEffectOverrides ?? []).map((entry) => [entry.tool, entry.sideEffect]),
        ),
        riskTags: args.riskTags ?? [],
        ...(args.timeoutMs == null ? {} : { timeoutMs: args.timeoutMs }),
      };
      try {
        return await governanceOf(context).mcp.register(registration, commandOrigin(context, null));
      } catch (error) {
        throw toApiError(error);
      }
    },
  }),
);
