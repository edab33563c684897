import type { JsonObject, JsonValue } from '../events/json.js';
import type { PolicyDecision, PolicyRequest, PolicyRunContext } from '../policies/policyRequest.js';
import type { RunState } from '../runs/runDecider.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import type { GovernedOrigin, RiskScore } from './ports.js';
import type { PolicyDecidedData } from './toolCallEvents.js';

export interface PolicyInput {
  readonly runId: string;
  readonly state: RunState;
  readonly tool: RegisteredTool;
  readonly args: JsonValue;
  readonly argsDigest: string;
  readonly risk: RiskScore | null;
  readonly approved: boolean;
  /** Calls of this request already counted in `state.toolCalls` (1 on resume): policies see the count before it. */
  readonly alreadyCounted: number;
}

/**
 * The policy request for a tool call. Args that are not a JSON object (a tool may take any JSON) reach policies
 * as `{}`: Cedar's `context.args` is a record; the digest still covers the real args.
 */
export function toolPolicyRequest(input: PolicyInput, origin: GovernedOrigin): PolicyRequest {
  const { state, tool } = input;
  const resource = { name: tool.name, version: tool.version, sideEffect: tool.sideEffect };
  return {
    principal: { id: origin.actor.id, role: origin.role },
    tenant: origin.tenant,
    action: 'invokeTool',
    resource,
    context: {
      run: policyRunContext(input.runId, state, input.alreadyCounted),
      tool: { ...resource, riskTags: tool.riskTags },
      argsDigest: input.argsDigest,
      args: isObject(input.args) ? input.args : {},
      riskScore: input.risk?.score ?? null,
      approved: input.approved,
    },
  };
}

/**
 * The run as every policy request shows it: status, counts and limits (absent limits are null).
 * `alreadyCounted`: calls of this request already in `state.toolCalls`, so policies see the count before it.
 */
export function policyRunContext(runId: string, state: RunState, alreadyCounted = 0): PolicyRunContext {
  const { budget } = state;
  return {
    id: runId,
    status: state.status ?? 'pending',
    toolCalls: state.toolCalls - alreadyCounted,
    inferenceCalls: state.inferenceCalls,
    // Present only once used or set, so that digests of requests recorded before completions stay the same.
    ...(state.completionCalls === 0 ? {} : { completionCalls: state.completionCalls }),
    ...(state.tokensUsed === 0 ? {} : { tokensUsed: state.tokensUsed }),
    budget: {
      maxToolCalls: budget.maxToolCalls ?? null,
      maxInferenceCalls: budget.maxInferenceCalls ?? null,
      maxSteps: budget.maxSteps ?? null,
      maxWallTimeMs: budget.maxWallTimeMs ?? null,
      ...(budget.maxCompletionCalls === undefined ? {} : { maxCompletionCalls: budget.maxCompletionCalls }),
      ...(budget.maxTokens === undefined ? {} : { maxTokens: budget.maxTokens }),
    },
  };
}

/** The `PolicyDecided` data of `decision`. */
export function policyDecided(
  callId: string,
  decision: PolicyDecision,
  input: PolicyInput,
  origin: GovernedOrigin,
): PolicyDecidedData {
  return {
    callId,
    outcome: decision.outcome,
    determiningPolicies: decision.determiningPolicies,
    reasons: decision.reasons,
    policySetVersion: decision.policySetVersion,
    inputDigest: decision.inputDigest,
    principal: { id: origin.actor.id, role: origin.role },
    approved: input.approved,
    riskScore: input.risk?.score ?? null,
    riskModel: input.risk?.model ?? null,
  };
}

/** What the risk classifier reads: the tool and its args, as one line of text. */
export function riskText(tool: { readonly name: string; readonly version: string }, args: JsonValue): string {
  return `call tool ${tool.name} version ${tool.version} with ${JSON.stringify(args)}`;
}

function isObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
