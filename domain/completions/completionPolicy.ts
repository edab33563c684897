import type { JsonObject } from '../events/json.js';
import type { PolicyDecision, PolicyRequest } from '../policies/policyRequest.js';
import type { RunState } from '../runs/runDecider.js';
import type { RegisteredEngine } from '../engines/engineEvents.js';
import { engineHost } from '../engines/engineDefinition.js';
import type { GovernedOrigin, RiskScore } from '../toolCalls/ports.js';
import { policyRunContext } from '../toolCalls/toolCallPolicy.js';
import type { ChatMessage, CompletionParameters } from './completionEngine.js';
import type { CompletionKind, CompletionPolicyRecord } from './completionEvents.js';

/** The pseudo tool a completion is presented to policies and reviewers as: `engine:<name>@<model>`. */
export function completionPolicyTool(engine: Pick<RegisteredEngine, 'name' | 'model'>): {
  readonly name: string;
  readonly version: string;
} {
  return { name: `${ENGINE_TOOL_PREFIX}${engine.name}`, version: engine.model };
}

export const ENGINE_TOOL_PREFIX = 'engine:';

/** What a completion is decided and approved on: engine, model, the prompt's digest and the parameters asked for. */
export function completionArgs(
  engine: Pick<RegisteredEngine, 'name' | 'model'>,
  promptDigest: string,
  parameters: CompletionParameters,
): JsonObject {
  return {
    engine: engine.name,
    model: engine.model,
    promptDigest,
    parameters: { ...parameters },
  };
}

/** One completion as a policy input. */
export interface CompletionPolicyInput {
  readonly action: 'requestCompletion' | 'releaseCompletion';
  readonly kind: CompletionKind;
  readonly runId: string;
  readonly state: RunState;
  readonly engine: RegisteredEngine;
  readonly promptDigest: string;
  readonly argsDigest: string;
  /** `max_tokens` as it would be sent (null: none). */
  readonly maxTokens: number | null;
  readonly messages: number;
  readonly tools: number;
  /** Of the prompt (`requestCompletion`) or of the response (`releaseCompletion`). */
  readonly risk: RiskScore | null;
  readonly approved: boolean;
  readonly finishReason: string | null;
}

/**
 * The policy request of a completion: action `requestCompletion` (or `releaseCompletion`, the output guardrail)
 * on the pseudo tool `engine:<name>@<model>` (sideEffect `read`: the engine changes nothing, the data leaves),
 * args tags `engine`, `model`, `promptDigest`, and `context.completion`. Pure.
 */
export function completionPolicyRequest(input: CompletionPolicyInput, origin: GovernedOrigin): PolicyRequest {
  const { engine } = input;
  const resource = { ...completionPolicyTool(engine), sideEffect: 'read' } as const;
  return {
    principal: { id: origin.actor.id, role: origin.role },
    tenant: origin.tenant,
    action: input.action,
    resource,
    context: {
      run: policyRunContext(input.runId, input.state),
      tool: { ...resource, riskTags: ['completion', engine.locality] },
      argsDigest: input.argsDigest,
      args: { engine: engine.name, model: engine.model, promptDigest: input.promptDigest },
      riskScore: input.risk?.score ?? null,
      approved: input.approved,
      completion: {
        kind: input.kind,
        engine: engine.name,
        model: engine.model,
        locality: engine.locality,
        host: engineHost(engine.baseUrl),
        maxTokens: input.maxTokens,
        messages: input.messages,
        tools: input.tools,
        finishReason: input.finishReason,
      },
    },
  };
}

/** What the events record of a decision. */
export function completionPolicyRecord(
  decision: PolicyDecision,
  risk: RiskScore | null,
  approved: boolean,
): CompletionPolicyRecord {
  const { outcome, determiningPolicies, reasons, policySetVersion, inputDigest } = decision;
  const riskRecord = { riskScore: risk?.score ?? null, riskModel: risk?.model ?? null };
  return { outcome, determiningPolicies, reasons, policySetVersion, inputDigest, ...riskRecord, approved };
}

/** What the risk classifier reads of a chat: each message as `role: content`, one per line. */
export function chatRiskText(messages: readonly ChatMessage[]): string {
  return messages.map((message) => `${message.role}: ${message.content}`).join('\n');
}
