import type { JsonObject } from '../events/json.js';
import type { SideEffect } from '../tools/toolEvents.js';

/** Actions policies can govern. More join as the runtime governs them (each needs a schema entry too). */
export const POLICY_ACTIONS = [
  'invokeTool',
  'rollbackRun',
  'requestCompletion',
  'releaseCompletion',
] as const;
export type PolicyAction = (typeof POLICY_ACTIONS)[number];

/** A tool's side-effect class, as the tool registry declares it. */
export type SideEffectClass = SideEffect;

export type PolicyOutcome = 'allow' | 'deny' | 'require_approval';

/**
 * The run the action belongs to, and what it has used of its budget (absent limits are unlimited: null). The
 * completion counters and limits are present only when the run has used or set them: a request's digest
 * (`PolicyDecided.inputDigest`) recorded before completions existed is then recomputed unchanged by replay, and
 * policies see them as 0 / unlimited when absent.
 */
export interface PolicyRunContext {
  readonly id: string;
  readonly status: string;
  readonly toolCalls: number;
  readonly inferenceCalls: number;
  readonly completionCalls?: number;
  readonly tokensUsed?: number;
  readonly budget: {
    readonly maxToolCalls: number | null;
    readonly maxInferenceCalls: number | null;
    readonly maxSteps: number | null;
    readonly maxWallTimeMs: number | null;
    readonly maxCompletionCalls?: number;
    readonly maxTokens?: number;
  };
}

export interface PolicyToolContext {
  readonly name: string;
  readonly version: string;
  readonly sideEffect: SideEffectClass;
  readonly riskTags: readonly string[];
}

/**
 * What a `rollbackRun` decision adds: how many compensations the plan would run, how many completed calls it
 * leaves behind (irreversible, or reversible with an unresolvable compensation) and how many memories it un-applies.
 */
export interface PolicyRollbackContext {
  readonly compensations: number;
  readonly irreversible: number;
  readonly unresolved: number;
  readonly memories: number;
}

/**
 * What a `requestCompletion` or `releaseCompletion` decision adds: the engine as registered and the request's
 * shape (never its text: the prompt reaches policies through its risk score). `finishReason` is set for
 * `releaseCompletion` only.
 */
export interface PolicyCompletionContext {
  readonly kind: 'chat' | 'embeddings';
  readonly engine: string;
  readonly model: string;
  readonly locality: 'local' | 'remote';
  /** Host (and port) of the engine's base URL. */
  readonly host: string;
  /** `max_tokens` as it would be sent; null when none is. */
  readonly maxTokens: number | null;
  readonly messages: number;
  readonly tools: number;
  readonly finishReason: string | null;
}

/**
 * Everything one decision may look at. The caller fills it from the authenticated principal, the run's state,
 * the tool registry and the risk classifier; the decision's `inputDigest` covers all of it.
 */
export interface PolicyRequest {
  readonly principal: { readonly id: string; readonly role: string };
  readonly tenant: string;
  readonly action: PolicyAction;
  readonly resource: {
    readonly name: string;
    readonly version: string;
    readonly sideEffect: SideEffectClass;
  };
  readonly context: {
    readonly run: PolicyRunContext;
    readonly tool: PolicyToolContext;
    readonly argsDigest: string;
    readonly args: JsonObject;
    /** The risk classifier's score of the request, 0..1; null when none was computed. */
    readonly riskScore: number | null;
    /**
     * True when the caller presents a valid approval grant for exactly this request (checking the grant's binding,
     * expiry and single use is the approvals service's job). Lifts approval gates; see `policyOutcome.ts`.
     */
    readonly approved: boolean;
    /** Present for `rollbackRun` only (whose resource is the pseudo tool `rollbackRun@1`). */
    readonly rollback?: PolicyRollbackContext;
    /** Present for `requestCompletion` and `releaseCompletion` only (resource: the pseudo tool `engine:<name>@<model>`). */
    readonly completion?: PolicyCompletionContext;
  };
}

/** What the policies say, before the service adds the version and the input digest. */
export interface PolicyVerdict {
  readonly outcome: PolicyOutcome;
  /** `@id`s of the policies that decided (empty for a default deny). */
  readonly determiningPolicies: readonly string[];
  readonly reasons: readonly string[];
}

/** A recorded-ready decision: the verdict, the policy set version it used (null: none published) and its input. */
export interface PolicyDecision extends PolicyVerdict {
  readonly policySetVersion: number | null;
  /** Digest of the canonical JSON of the whole `PolicyRequest`. */
  readonly inputDigest: string;
}
