import type { BlobReference } from '../blobs/blobStore.js';
import type { JsonValue } from '../events/json.js';
import type { PolicyOutcome } from '../policies/policyRequest.js';
import type { RiskModelReference } from '../toolCalls/toolCallEvents.js';
import type { EngineLocality } from '../engines/engineEvents.js';
import type { CompletionParameters, TokenUsage } from './completionEngine.js';
import type { CompletionErrorCode } from './completionErrors.js';

/**
 * Completion events, on the run's stream. One set of events serves chat completions and embeddings alike, told
 * apart by `kind`: a chat's prompt blob holds `{messages, tools}` and its response blob `{content, toolCalls}`;
 * an embeddings request's prompt blob holds `{inputs}` and its response blob `{vectors}`. Texts live only in
 * blobs (`*Blob` properties, see `referencedBlobs`): the events stay small and name them by digest.
 */
export const COMPLETION_KINDS = ['chat', 'embeddings'] as const;
export type CompletionKind = (typeof COMPLETION_KINDS)[number];

/** The decision a completion was requested (or released) under. */
export interface CompletionPolicyRecord {
  readonly outcome: PolicyOutcome;
  readonly determiningPolicies: readonly string[];
  readonly reasons: readonly string[];
  readonly policySetVersion: number | null;
  readonly inputDigest: string;
  /** The risk classifier's score of the text decided on (prompt or response), 0..1; null when none. */
  readonly riskScore: number | null;
  readonly riskModel: RiskModelReference | null;
  readonly approved: boolean;
}

/** An engine routing passed over before the one used, and why (the policy's reasons). */
export interface RoutingStep {
  readonly engine: string;
  readonly revision: number;
  readonly locality: EngineLocality;
  readonly outcome: PolicyOutcome;
  readonly determiningPolicies: readonly string[];
  readonly reasons: readonly string[];
}

/** How the engine was chosen: named by the caller, or routed (the engines passed over, in name order). */
export interface CompletionRouting {
  readonly mode: 'named' | 'routed';
  readonly passedOver: readonly RoutingStep[];
}

/**
 * `CompletionRequested`: the request as decided and, when allowed, as sent. Recorded before the call. A completion
 * gated by policy records it with `policy.outcome` `require_approval` (then `ApprovalRequested`); its resume with
 * the grant records it again with `approvalId` set and the allowing decision: only the first counts against the
 * run's `maxCompletionCalls`.
 */
export interface CompletionRequestedData {
  readonly completionId: string;
  readonly kind: CompletionKind;
  readonly engine: { readonly name: string; readonly revision: number };
  readonly model: string;
  /** The engine's base URL (never carries user info, see `normalizeEngineRegistration`). */
  readonly endpoint: string;
  readonly locality: EngineLocality;
  /** As sent (`maxTokens` capped to what the run's token budget leaves); `{}` for embeddings. */
  readonly parameters: CompletionParameters;
  readonly promptBlob: BlobReference;
  /** Messages of a chat, inputs of an embeddings request. */
  readonly messageCount: number;
  readonly toolCount: number;
  /** What an approval of this completion is bound to (`completionArgs`). */
  readonly argsDigest: string;
  readonly requestedBy: string;
  readonly routing: CompletionRouting;
  readonly policy: CompletionPolicyRecord;
  /** The `Idempotency-Key` sent to the endpoint: derived from the completion id. */
  readonly requestKey: string;
  /** The approval this request resumes with; null for a fresh request. */
  readonly approvalId: string | null;
}

/** What the endpoint answered, as `CompletionCompleted` and `CompletionWithheld` both record it. */
export interface CompletionAnswer {
  readonly completionId: string;
  readonly responseBlob: BlobReference;
  /** `stop`, `length`, `tool_calls`…; null for embeddings. */
  readonly finishReason: string | null;
  readonly usage: TokenUsage | null;
  readonly latencyMs: number;
  readonly reportedModel: string;
  readonly attempts: number;
  /** The risk classifier's score of the response text; null when none was computed (embeddings: never). */
  readonly outputRisk: { readonly score: number; readonly model: RiskModelReference } | null;
  /** The `releaseCompletion` decision (null for embeddings, whose vectors carry no text to release). */
  readonly outputPolicy: CompletionPolicyRecord | null;
}

/** `CompletionCompleted`: the response was released to the caller. */
export type CompletionCompletedData = CompletionAnswer;

/** `CompletionWithheld`: the output guardrail refused the response; the blob is evidence, the caller never sees it. */
export type CompletionWithheldData = CompletionAnswer;

/** `CompletionFailed`: the engine call did not produce an answer (timeout, 5xx, 429, garbage, abort…). */
export interface CompletionFailedData {
  readonly completionId: string;
  readonly reason: CompletionErrorCode;
  readonly message: string;
  /** Attempts made, when the adapter said. */
  readonly attempts: number | null;
}

export const COMPLETION_DENIAL_REASONS = [
  'ENGINE_UNKNOWN',
  'RUN_BUDGET_EXCEEDED',
  'POLICY_DENIED',
  'APPROVAL_QUEUE_FULL',
] as const;
export type CompletionDenialReason = (typeof COMPLETION_DENIAL_REASONS)[number];

/** `CompletionDenied`: refused before any call (unknown engine, budget, policy, no room for an approval). */
export interface CompletionDeniedData {
  readonly completionId: string;
  readonly kind: CompletionKind;
  /** The engine asked for (or routed to); null when routing found none. */
  readonly engine: string | null;
  /** Null when refused before the prompt was stored (unknown engine, budget). */
  readonly promptBlob: BlobReference | null;
  readonly reason: CompletionDenialReason;
  readonly message: string;
  readonly details: { readonly [key: string]: JsonValue };
  readonly policySetVersion: number | null;
}

export type CompletionEvent =
  | { readonly type: 'CompletionRequested'; readonly data: CompletionRequestedData }
  | { readonly type: 'CompletionCompleted'; readonly data: CompletionCompletedData }
  | { readonly type: 'CompletionWithheld'; readonly data: CompletionWithheldData }
  | { readonly type: 'CompletionFailed'; readonly data: CompletionFailedData }
  | { readonly type: 'CompletionDenied'; readonly data: CompletionDeniedData };

export const COMPLETION_EVENT_TYPES = [
  'CompletionRequested',
  'CompletionCompleted',
  'CompletionWithheld',
  'CompletionFailed',
  'CompletionDenied',
] as const satisfies readonly CompletionEvent['type'][];

/** The events that settle a completion. */
export const COMPLETION_OUTCOME_TYPES = [
  'CompletionCompleted',
  'CompletionWithheld',
  'CompletionFailed',
  'CompletionDenied',
] as const satisfies readonly CompletionEvent['type'][];
