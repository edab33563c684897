import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { JsonValue } from '../../domain/index.js';
import { badInputError, forbiddenError, notFoundError } from '../access/accessErrors.js';
import { hasCapability } from '../access/capabilities.js';
import { recordRefusal } from '../access/refusalEvidence.js';
import { refusalReason } from '../access/refusalEvidencePlugin.js';
import { principalOf } from '../context.js';
import type { GraphqlContext } from '../context.js';
import { governedCommand } from '../mutations/governedCommand.js';
import { governedOrigin } from '../mutations/governedOrigin.js';
import { toolCallToolResult } from './mcpOutcome.js';
import { errorToolResult, mcpToolError, UNEXPECTED_ERROR } from './mcpToolError.js';
import { MIR_VERBS } from './mirVerbs.js';
import { GOVERNED_CALL_INPUT, latestTenantTool } from './tenantTools.js';

/**
 * Answers `tools/call` for `name`: one of MIR's verbs or a governed tool of the caller's tenant. Never throws:
 *
 * - a role without the capability (the GraphQL field's: `toolWrite` for governed tools) is refused with
 *   `FORBIDDEN`, recorded;
 * - a refusal the service threw (nothing recorded on the run) comes back as `isError` with `{ error: { code,
 *   message, details } }` as the one error table maps it, and is recorded as the GraphQL layer records the same
 *   refusal of a mutation (`NOT_FOUND` for another tenant's or a missing run or tool, `IDEMPOTENCY_CONFLICT`, …);
 * - a recorded outcome (completed, denied, pending_approval, …) comes back as `toolCallToolResult` says;
 * - anything else is answered "Unexpected error." and handed to `onInternalError`.
 */
export async function callTool(
  context: GraphqlContext,
  name: string,
  args: Readonly<Record<string, unknown>>,
  onInternalError: (error: unknown) => void,
): Promise<CallToolResult> {
  const verb = MIR_VERBS.get(name);
  const action = `mcp:${name}`;
  try {
    if (!hasCapability(context.principal, verb?.capability ?? 'toolWrite'))
      throw forbiddenError(action, principalOf(context).role);
    if (verb === undefined) return await governedCall(context, name, args);
    return await verb.call(context, parsed(verb.input, args, name));
  } catch (error) {
    const refusal = mcpToolError(error);
    if (refusal === null) {
      onInternalError(error);
      return errorToolResult(UNEXPECTED_ERROR);
    }
    const reason = refusalReason(refusal.code, verb?.root ?? 'Mutation');
    if (reason !== null) await recordRefusal(context, action, reason, { ...args, name });
    return errorToolResult(refusal);
  }
}

/** `invokeTool` on the latest version of the tool, exactly as the GraphQL mutation calls it. */
async function governedCall(
  context: GraphqlContext,
  name: string,
  args: Readonly<Record<string, unknown>>,
): Promise<CallToolResult> {
  const call = parsed(GOVERNED_CALL_INPUT, args, name);
  const tool = await latestTenantTool(context, name);
  if (tool === null) throw notFoundError(`tool ${name}`);
  const result = await governedCommand(context, (governance) =>
    governance.toolCalls.invokeTool(
      {
        runId: call.runId,
        tool: name,
        version: tool.version,
        // Parsed from JSON by the transport: JSON all the way down.
        args: (call.args ?? null) as JsonValue,
        ...(call.approvalId === undefined ? {} : { approvalId: call.approvalId }),
      },
      governedOrigin(context, call.idempotencyKey),
    ),
  );
  return toolCallToolResult(name, result);
}

/** The arguments as `schema` parses them, or BAD_USER_INPUT naming what is wrong (nothing is recorded). */
function parsed<Schema extends z.ZodObject>(
  schema: Schema,
  args: Readonly<Record<string, unknown>>,
  name: string,
): z.infer<Schema> {
  const result = schema.safeParse(args);
  if (!result.success) throw badInputError(`invalid arguments for ${name}: ${z.prettifyError(result.error)}`);
  return result.data;
}
