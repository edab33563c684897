import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { RegisteredTool } from '../../domain/index.js';
import { principalOf } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { governanceOf } from '../errors/governanceUnavailable.js';
import { idempotencyKeySchema, runIdSchema, shortTextSchema } from '../types/validators.js';
import { MIR_VERB_PREFIX } from './mirVerbs.js';

/** The envelope every governed tool takes over MCP; `args` is checked against the tool's own schema by the service. */
export const GOVERNED_CALL_INPUT = z.strictObject({
  runId: runIdSchema.describe('The run (a UUID) of your tenant the call belongs to.'),
  args: z.unknown().describe("The tool's arguments (its input schema)."),
  idempotencyKey: idempotencyKeySchema
    .optional()
    .describe('Same key (per API key): the recorded outcome again; the tool does not run twice.'),
  approvalId: shortTextSchema
    .optional()
    .describe('Resume a call a reviewer approved: the same runId and args, with the approvalId it answered.'),
});

/**
 * The tools of the caller's tenant an MCP host sees: its own and the built-ins, the latest version of each name
 * (the version a call runs), by name. A tenant tool under MIR's verb prefix is left out: the verb answers that name.
 */
export async function latestTenantTools(context: GraphqlContext): Promise<RegisteredTool[]> {
  const all = await governanceOf(context).tools.list(principalOf(context).tenant);
  const latest = new Map<string, RegisteredTool>();
  // The registry lists each name's versions in registration order: the last one seen is the latest.
  for (const tool of all) if (!tool.name.startsWith(MIR_VERB_PREFIX)) latest.set(tool.name, tool);
  return [...latest.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The latest version of `name` the caller's tenant sees, or null (unknown, another tenant's, or a verb's name). */
export async function latestTenantTool(
  context: GraphqlContext,
  name: string,
): Promise<RegisteredTool | null> {
  return (await latestTenantTools(context)).find((tool) => tool.name === name) ?? null;
}

/** A governed tool as MCP lists it: MIR's name, the envelope with the tool's input schema as `args`. */
export function governedToolSpec(tool: RegisteredTool): Tool {
  const envelope = jsonSchemaOf(GOVERNED_CALL_INPUT);
  const { $schema: _dialect, ...args } = tool.inputSchema;
  // Its own resource, so that the tool schema's local references (`#/$defs/…`) resolve inside it.
  const argsSchema = { $id: `urn:mir:tool:${tool.name}:${tool.version}`, ...args };
  return {
    name: tool.name,
    description:
      `${tool.description} (MIR tool ${tool.name}@${tool.version}, side effect ${tool.sideEffect}: every call ` +
      "is governed by your tenant's policies and recorded on the run).",
    inputSchema: {
      ...envelope,
      type: 'object',
      properties: { ...(envelope.properties as object), args: argsSchema },
      required: ['runId', 'args'],
    },
    annotations: {
      readOnlyHint: tool.sideEffect === 'read',
      destructiveHint: tool.sideEffect === 'irreversible',
      idempotentHint: false,
    },
    _meta: { 'mir/version': tool.version, 'mir/execution': tool.execution },
  };
}

/** The JSON Schema of an MCP tool's arguments, from the zod object that parses them (one definition for both). */
export function jsonSchemaOf(schema: z.ZodObject): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return json;
}
