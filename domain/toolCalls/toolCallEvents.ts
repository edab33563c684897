import type { JsonValue } from '../events/json.js';
import type { PolicyOutcome } from '../policies/policyRequest.js';
import type { CompensatingCall } from '../tools/compensation.js';
import type { ExecutionMode, SideEffect } from '../tools/toolEvents.js';

/** The tool a call names. `sideEffect`/`execution` are null when no such tool version is registered. */
export interface ToolCallTool {
  readonly name: string;
  readonly version: string;
  readonly sideEffect: SideEffect | null;
  readonly execution: ExecutionMode | null;
}

/** The model that scored a request: enough to find the exact file again. */
export interface RiskModelReference {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  /** How the model was applied when the score is the highest of several texts; absent for a single score. */
  readonly scoring?: RiskScoring;
}

/**
 * A score taken as the maximum over several texts cut from the request: the whole text and windows of
 * `windowWords` words every `windowStride` words, after `decodedBase64` base64 runs were decoded in place.
 */
export interface RiskScoring {
  readonly rule: 'max';
  /** Texts scored: the whole text (when short enough to score whole) plus `windows`. */
  readonly views: number;
  readonly windows: number;
  readonly windowWords: number;
  readonly windowStride: number;
  readonly decodedBase64: number;
  /** Which text gave the score: `text` (the whole) or `window`. */
  readonly riskiest: 'text' | 'window';
}

/** `ToolCallRequested`: an app asked for a call. Counts against `budget.maxToolCalls`, whatever follows. */
export interface ToolCallRequestedData {
  readonly callId: string;
  readonly tool: ToolCallTool;
  /** `Digester` digest (`sha256:<hex>` of the canonical JSON) of `args`. */
  readonly argsDigest: string;
  readonly args: JsonValue;
  /** The principal (actor id) asking. */
  readonly requestedBy: string;
  /** Present on a rollback's compensating call: the rollback and the call it compensates. */
  readonly compensates?: { readonly rollbackId: string; readonly callId: string };
}

/** `PolicyDecided`: what the tenant's policies said about a call, with everything needed to re-check it. */
export interface PolicyDecidedData {
  readonly callId: string;
  readonly outcome: PolicyOutcome;
  readonly determiningPolicies: readonly string[];
  readonly reasons: readonly string[];
  /** Null: the tenant had no policy set (a default deny). */
  readonly policySetVersion: number | null;
  /** Policy digest of the whole `PolicyRequest` the policies saw. */
  readonly inputDigest: string;
  readonly principal: { readonly id: string; readonly role: string };
  /** True when the decision was taken with a valid approval grant (`context.approved`). */
  readonly approved: boolean;
  /** Risk classifier score, 0..1; null when scoring failed (policies then see no score). */
  readonly riskScore: number | null;
  readonly riskModel: RiskModelReference | null;
}

/** Why a call was refused. Every refusal of a call on an active run is recorded with one of these. */
export const TOOL_CALL_DENIAL_REASONS = [
  'TOOL_UNKNOWN',
  'TOOL_ARGS_INVALID',
  'RUN_BUDGET_EXCEEDED',
  'TOOL_RATE_LIMITED',
  'POLICY_DENIED',
  'APPROVAL_DENIED',
  /** Policy asked for an approval, but the run or the tenant already has its cap of pending approvals. */
  'APPROVAL_QUEUE_FULL',
] as const;
export type ToolCallDenialReason = (typeof TOOL_CALL_DENIAL_REASONS)[number];

/**
 * `ToolCallDenied`: the call ends refused. Self-contained (tool and args digest repeated) because a budget
 * refusal is recorded without a `ToolCallRequested` (it must not count against the budget it exceeds).
 */
export interface ToolCallDeniedData {
  readonly callId: string;
  readonly tool: ToolCallTool;
  readonly argsDigest: string;
  readonly reason: ToolCallDenialReason;
  readonly message: string;
  /** The values that disagree: schema violations, limits, determining policies, … */
  readonly details: { readonly [key: string]: JsonValue };
  /**
   * The tenant's policy-set version in force: the deciding one when policy or a reviewer refused; the current one
   * for refusals made before policy was asked (unknown tool, args, budget, rate); null when none is published.
   */
  readonly policySetVersion: number | null;
}

/** `ToolCallCompleted`: the tool ran (by the runtime, or by the app holding `grantId`) and its output passed. */
export interface ToolCallCompletedData {
  readonly callId: string;
  readonly outputDigest: string;
  readonly output: JsonValue;
  /** The resolved compensating call of a reversible tool; null for read/irreversible tools. */
  readonly compensation: CompensatingCall | null;
  /** Why a reversible tool's compensation could not be resolved (rollback must list the call); else null. */
  readonly compensationProblem: string | null;
  /** The app grant the result came with; null for runtime-executed tools. */
  readonly grantId: string | null;
}

/** `ToolCallFailed`: the call was allowed, then did not succeed (a `ToolErrorCode`, or `APP_REPORTED_ERROR`). */
export interface ToolCallFailedData {
  readonly callId: string;
  readonly reason: string;
  readonly message: string;
  readonly grantId: string | null;
}

/** `ToolGrantIssued`: an app-executed call was allowed; the app runs it and reports with this grant, once. */
export interface ToolGrantIssuedData {
  readonly callId: string;
  readonly grantId: string;
  readonly argsDigest: string;
  /** Only this principal may report the result. */
  readonly issuedTo: string;
  readonly expiresAt: string;
}

export const TOOL_RESULT_REFUSAL_REASONS = [
  'CALL_UNKNOWN',
  'GRANT_UNKNOWN',
  'GRANT_OTHER_CALL',
  'GRANT_USED',
  'GRANT_EXPIRED',
  'NOT_GRANTEE',
] as const;
export type ToolResultRefusalReason = (typeof TOOL_RESULT_REFUSAL_REASONS)[number];

/** `ToolResultRefused`: a `recordToolResult` was refused; the call (if any) is unchanged. */
export interface ToolResultRefusedData {
  readonly callId: string;
  readonly grantId: string;
  readonly reason: ToolResultRefusalReason;
  readonly reportedBy: string;
  readonly message: string;
  /** The call's args digest (null for an unknown call) and the digest of the reported output (null: an error). */
  readonly argsDigest: string | null;
  readonly outputDigest: string | null;
  /** The tenant's policy-set version in force when the report was refused. */
  readonly policySetVersion: number | null;
}

export type ToolCallEvent =
  | { readonly type: 'ToolCallRequested'; readonly data: ToolCallRequestedData }
  | { readonly type: 'PolicyDecided'; readonly data: PolicyDecidedData }
  | { readonly type: 'ToolCallDenied'; readonly data: ToolCallDeniedData }
  | { readonly type: 'ToolCallCompleted'; readonly data: ToolCallCompletedData }
  | { readonly type: 'ToolCallFailed'; readonly data: ToolCallFailedData }
  | { readonly type: 'ToolGrantIssued'; readonly data: ToolGrantIssuedData }
  | { readonly type: 'ToolResultRefused'; readonly data: ToolResultRefusedData };

export const TOOL_CALL_EVENT_TYPES = [
  'ToolCallRequested',
  'PolicyDecided',
  'ToolCallDenied',
  'ToolCallCompleted',
  'ToolCallFailed',
  'ToolGrantIssued',
  'ToolResultRefused',
] as const;
