import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Capability } from '../access/capabilities.js';
import type { RootType } from '../access/refusalEvidencePlugin.js';
import type { GraphqlContext } from '../context.js';
import { idempotencyKeySchema, runIdSchema } from '../types/validators.js';

/**
 * One of MIR's own verbs as an MCP tool: the capability it needs (the GraphQL field's), whether a refusal of it is
 * recorded as a query's or a mutation's would be (`RootType`), its arguments, and the application service call
 * the GraphQL mutation makes. `call` answers the tool result and throws refusals (MirErrors, API errors) for the
 * caller to map.
 */
export interface MirVerb<Args extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly capability: Capability;
  readonly root: RootType;
  readonly description: string;
  readonly input: Args;
  call(context: GraphqlContext, args: z.infer<Args>): Promise<CallToolResult>;
}

export const verb = <Args extends z.ZodObject>(definition: MirVerb<Args>): MirVerb => definition;

/** The arguments every verb names the same way. */
export const idempotencyKey = idempotencyKeySchema
  .optional()
  .describe('Same key (per API key): the original result again, nothing recorded twice.');
export const runId = runIdSchema.describe('The run (a UUID) of your tenant.');
