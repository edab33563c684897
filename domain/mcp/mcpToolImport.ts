import type { JsonObject } from '../events/json.js';
import type { Digester } from '../toolCalls/ports.js';
import { TOOL_LIMITS, TOOL_NAME } from '../tools/toolDefinition.js';
import type { ToolRegistration } from '../tools/toolDefinition.js';
import { McpError } from './mcpErrors.js';
import type { McpImportedTool, McpToolDefinition } from './mcpEvents.js';
import type { NormalizedMcpRegistration } from './mcpRegistration.js';
import { normalizeMcpSchema } from './mcpSchema.js';

/**
 * The output of every imported tool: the MCP `CallToolResult` MIR records, `{ content, structuredContent?,
 * isError }` (`isError` is always false in a completed call: an error result fails the call).
 */
export const CALL_TOOL_RESULT_SCHEMA: JsonObject = {
  type: 'object',
  required: ['content', 'isError'],
  properties: {
    content: {
      type: 'array',
      items: { type: 'object', required: ['type'], properties: { type: { type: 'string' } } },
    },
    structuredContent: { type: 'object' },
    isError: { type: 'boolean' },
  },
  additionalProperties: false,
};

/** What registering a server imports: the tools as recorded, their MIR registrations, the list's digest. */
export interface McpImportPlan {
  readonly tools: readonly McpImportedTool[];
  readonly registrations: readonly ToolRegistration[];
  readonly toolsDigest: string;
}

/**
 * An MCP tool name as a MIR name segment, deterministically: lower case, every character outside `[a-z0-9_-]`
 * becomes `_`, and a name that does not start with a letter gets a `t` in front (`Get.Sum` → `get_sum`).
 */
export function mcpToolSegment(mcpName: string): string {
  const mapped = mcpName.toLowerCase().replace(/[^a-z0-9_-]/g, '_');
  return /^[a-z]/.test(mapped) ? mapped : `t${mapped}`;
}

/**
 * `sha256:<hex>` of the canonical JSON of `{ name, description, inputSchema, outputSchema, annotations }` as the
 * server lists the tool (absent parts as null): what a change to any of them changes.
 */
export function mcpToolDigest(digester: Digester, tool: McpToolDefinition): string {
  return digester.digest({
    name: tool.name,
    description: tool.description ?? null,
    inputSchema: tool.inputSchema,
    outputSchema: tool.outputSchema ?? null,
    annotations: tool.annotations ?? null,
  });
}

/** The MIR version of a tool definition digest: `d` and its first 12 hex digits. */
export function mcpToolVersion(digest: string): string {
  return `d${digest.slice(digest.indexOf(':') + 1).slice(0, 12)}`;
}

/** Digest of a whole tool list: its tools' names and digests, by name (listing order does not matter). */
export function mcpToolListDigest(digester: Digester, digests: ReadonlyMap<string, string>): string {
  const entries = [...digests].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return digester.digest(entries.map(([name, digest]) => ({ name, digest })));
}

/**
 * Plans the import of a server's listed tools. Throws `MCP_TOOL_NAME_COLLISION` (two tools, one MIR name),
 * `MCP_TOOL_UNSUPPORTED` (a name too long once prefixed, a schema in a draft MIR cannot translate) and
 * `MCP_SERVER_INVALID` (an override naming a tool the server does not list).
 */
export function planMcpImport(
  registration: NormalizedMcpRegistration,
  listed: readonly McpToolDefinition[],
  digester: Digester,
): McpImportPlan {
  for (const mcpName of Object.keys(registration.sideEffectOverrides))
    if (!listed.some((tool) => tool.name === mcpName))
      throw new McpError(
        'MCP_SERVER_INVALID',
        `invalid MCP server registration: the server lists no tool ${mcpName}`,
        {
          reason: 'override of an unknown tool',
          mcpName,
        },
      );
  const byName = new Map<string, string>();
  const digests = new Map<string, string>();
  const tools: McpImportedTool[] = [];
  const registrations: ToolRegistration[] = [];
  for (const definition of listed) {
    const name = `mcp.${registration.name}.${mcpToolSegment(definition.name)}`;
    if (!TOOL_NAME.test(name))
      throw unsupported(definition.name, `its MIR name ${name} is longer than 64 characters`);
    const other = byName.get(name);
    if (other !== undefined)
      throw new McpError(
        'MCP_TOOL_NAME_COLLISION',
        `MCP tools ${other} and ${definition.name} both map to ${name}`,
        {
          name,
          mcpNames: [other, definition.name],
        },
      );
    byName.set(name, definition.name);
    const digest = mcpToolDigest(digester, definition);
    digests.set(definition.name, digest);
    const sideEffect = registration.sideEffectOverrides[definition.name] ?? registration.sideEffect;
    const version = mcpToolVersion(digest);
    tools.push({ mcpName: definition.name, name, version, digest, sideEffect });
    registrations.push(toolRegistration(registration, definition, { name, version, sideEffect }));
  }
  return { tools, registrations, toolsDigest: mcpToolListDigest(digester, digests) };
}

function toolRegistration(
  registration: NormalizedMcpRegistration,
  definition: McpToolDefinition,
  imported: Pick<McpImportedTool, 'name' | 'version' | 'sideEffect'>,
): ToolRegistration {
  const inputSchema = normalizeMcpSchema(definition.inputSchema);
  if (typeof inputSchema === 'string') throw unsupported(definition.name, inputSchema);
  return {
    ...imported,
    // The digest covers the whole description; MIR's copy is bounded like any tool's.
    description: (definition.description ?? '').slice(0, TOOL_LIMITS.descriptionChars),
    inputSchema,
    outputSchema: CALL_TOOL_RESULT_SCHEMA,
    compensation: null,
    timeoutMs: registration.timeoutMs,
    rateLimit: null,
    execution: 'mcp',
    riskTags: registration.riskTags,
  };
}

function unsupported(mcpName: string, reason: string): McpError {
  return new McpError('MCP_TOOL_UNSUPPORTED', `MCP tool ${mcpName} cannot be imported: ${reason}`, {
    mcpName,
    reason,
  });
}
