import type * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type {
  JsonValue,
  PolicyCompletionContext,
  PolicyRequest,
  PolicyRollbackContext,
} from '../../domain/index.js';
import { PolicyError } from '../../domain/index.js';
import { canonicalJson } from '../../ledger/index.js';
import { MIR_ENTITY } from './mirCedarSchema.js';

/** The parts of a Cedar authorization call that depend on the request. */
export type CedarRequest = Pick<
  cedar.StatefulAuthorizationCall,
  'principal' | 'action' | 'resource' | 'context' | 'entities'
>;

/** Maps a MIR request onto MIR's Cedar schema (see `mirCedarSchema.ts` for the layout and units). */
export function toCedarRequest(request: PolicyRequest): CedarRequest {
  const { principal, resource, context } = request;
  const principalUid = { type: MIR_ENTITY.principal, id: principal.id };
  const toolUid = { type: MIR_ENTITY.tool, id: `${resource.name}@${resource.version}` };
  const argsUid = { type: MIR_ENTITY.args, id: context.argsDigest };
  const { budget } = context.run;
  const cedarContext: cedar.Context = {
    tenant: request.tenant,
    run: {
      id: context.run.id,
      status: context.run.status,
      toolCalls: long('run.toolCalls', context.run.toolCalls),
      inferenceCalls: long('run.inferenceCalls', context.run.inferenceCalls),
      completionCalls: long('run.completionCalls', context.run.completionCalls ?? 0),
      tokensUsed: long('run.tokensUsed', context.run.tokensUsed ?? 0),
      budget: present({
        maxToolCalls: budget.maxToolCalls,
        maxInferenceCalls: budget.maxInferenceCalls,
        maxSteps: budget.maxSteps,
        maxWallTimeMs: budget.maxWallTimeMs,
        maxCompletionCalls: budget.maxCompletionCalls ?? null,
        maxTokens: budget.maxTokens ?? null,
      }),
    },
    tool: { ...context.tool, riskTags: [...context.tool.riskTags] },
    argsDigest: context.argsDigest,
    args: { __entity: argsUid },
    approved: context.approved,
    ...(context.riskScore === null ? {} : { riskScoreBp: basisPoints(context.riskScore) }),
    ...(context.rollback === undefined ? {} : { rollback: rollbackCounts(context.rollback) }),
    ...(context.completion === undefined ? {} : { completion: completionContext(context.completion) }),
  };
  return {
    principal: principalUid,
    action: { type: MIR_ENTITY.action, id: request.action },
    resource: toolUid,
    context: cedarContext,
    entities: [
      { uid: principalUid, attrs: { role: principal.role, tenant: request.tenant }, parents: [] },
      { uid: toolUid, attrs: { ...resource }, parents: [] },
      { uid: argsUid, attrs: {}, parents: [], tags: argTags(context.args) },
    ],
  };
}

/** Cedar has no null: an absent `max_tokens` or finish reason leaves the attribute out. */
function completionContext(completion: PolicyCompletionContext): cedar.Context {
  const { maxTokens, finishReason, messages, tools, ...named } = completion;
  return {
    ...named,
    messages: long('completion.messages', messages),
    tools: long('completion.tools', tools),
    ...(maxTokens === null ? {} : { maxTokens: long('completion.maxTokens', maxTokens) }),
    ...(finishReason === null ? {} : { finishReason }),
  };
}

function rollbackCounts(counts: PolicyRollbackContext): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(counts)) out[key] = long(`rollback.${key}`, value as number);
  return out;
}

/** A 0..1 score as integer basis points; anything else is refused rather than guessed. */
function basisPoints(score: number): number {
  if (!Number.isFinite(score) || score < 0 || score > 1)
    throw new PolicyError('POLICY_REQUEST_INVALID', `riskScore must be within 0..1, got ${score}`, {
      field: 'context.riskScore',
      value: Number.isFinite(score) ? score : String(score),
    });
  return Math.round(score * 10_000);
}

function long(field: string, value: number): number {
  if (!Number.isSafeInteger(value))
    throw new PolicyError('POLICY_REQUEST_INVALID', `${field} must be an integer, got ${value}`, {
      field,
      value: String(value),
    });
  return value;
}

/** Budget limits that are set; Cedar has no null, so an unlimited budget leaves the attribute out. */
function present(limits: Record<string, number | null>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(limits))
    if (value !== null) out[key] = long(`run.budget.${key}`, value);
  return out;
}

function argTags(args: Readonly<Record<string, JsonValue>>): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(args))
    tags[key] = typeof value === 'string' ? value : canonicalJson(value, `$.args.${key}`);
  return tags;
}
