/**
 * `ApprovalRequested`: policy gated a call; a reviewer must decide before `expiresAt`. The reviewer sees (and a
 * grant is bound to) exactly `argsDigest` under `policySetVersion`.
 */
export interface ApprovalRequestedData {
  readonly approvalId: string;
  readonly callId: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly argsDigest: string;
  readonly policySetVersion: number | null;
  /** The gates that asked for approval, and their reasons. */
  readonly determiningPolicies: readonly string[];
  readonly reasons: readonly string[];
  readonly requestedBy: string;
  readonly expiresAt: string;
}

/** `ApprovalGranted`: a reviewer (not the requester) approved; the grant is usable once, until `grantExpiresAt`. */
export interface ApprovalGrantedData {
  readonly approvalId: string;
  readonly callId: string;
  readonly argsDigest: string;
  readonly policySetVersion: number | null;
  readonly decidedBy: string;
  readonly reason: string;
  readonly grantExpiresAt: string;
}

/** `ApprovalDenied`: a reviewer refused; the call ends with `ToolCallDenied` (`APPROVAL_DENIED`). */
export interface ApprovalDeniedData {
  readonly approvalId: string;
  readonly callId: string;
  readonly decidedBy: string;
  readonly reason: string;
}

/** `ApprovalExpired`: noticed past `expiresAt` (when someone tried to decide it); it can no longer be granted. */
export interface ApprovalExpiredData {
  readonly approvalId: string;
  readonly callId: string;
  readonly expiresAt: string;
}

export const APPROVAL_REFUSAL_REASONS = [
  'APPROVAL_UNKNOWN',
  'NOT_REVIEWER',
  'SELF_APPROVAL',
  'NOT_PENDING',
] as const;
export type ApprovalRefusalReason = (typeof APPROVAL_REFUSAL_REASONS)[number];

/** `ApprovalRefused`: a `decideApproval` was refused; the approval is unchanged. */
export interface ApprovalRefusedData {
  readonly approvalId: string;
  readonly reason: ApprovalRefusalReason;
  readonly attemptedBy: string;
  readonly role: string;
  readonly message: string;
  /** What the approval is bound to (null when the approval is unknown). */
  readonly argsDigest: string | null;
  readonly policySetVersion: number | null;
}

export const GRANT_REFUSAL_REASONS = [
  'GRANT_UNKNOWN',
  'GRANT_NOT_GRANTED',
  'GRANT_USED',
  'GRANT_EXPIRED',
  'GRANT_NOT_REQUESTER',
  'TOOL_MISMATCH',
  'ARGS_MISMATCH',
  'POLICY_VERSION_CHANGED',
] as const;
export type GrantRefusalReason = (typeof GRANT_REFUSAL_REASONS)[number];

/** `ApprovalGrantRefused`: an `invokeTool` presenting `approvalId` was refused; nothing ran. */
export interface ApprovalGrantRefusedData {
  readonly approvalId: string;
  readonly callId: string | null;
  readonly reason: GrantRefusalReason;
  readonly presentedBy: string;
  readonly message: string;
  /** What the grant is bound to, and what was presented (when they differ). */
  readonly expected: string | number | null;
  readonly actual: string | number | null;
  /** The args digest presented, and the tenant's policy-set version in force. */
  readonly argsDigest: string;
  readonly policySetVersion: number | null;
}

/** `ApprovalGrantUsed`: the grant was consumed by a resumed call. A second use meets this event and is refused. */
export interface ApprovalGrantUsedData {
  readonly approvalId: string;
  readonly callId: string;
  readonly usedBy: string;
  readonly argsDigest: string;
  readonly policySetVersion: number | null;
}

export type ApprovalEvent =
  | { readonly type: 'ApprovalRequested'; readonly data: ApprovalRequestedData }
  | { readonly type: 'ApprovalGranted'; readonly data: ApprovalGrantedData }
  | { readonly type: 'ApprovalDenied'; readonly data: ApprovalDeniedData }
  | { readonly type: 'ApprovalExpired'; readonly data: ApprovalExpiredData }
  | { readonly type: 'ApprovalRefused'; readonly data: ApprovalRefusedData }
  | { readonly type: 'ApprovalGrantRefused'; readonly data: ApprovalGrantRefusedData }
  | { readonly type: 'ApprovalGrantUsed'; readonly data: ApprovalGrantUsedData };

export const APPROVAL_EVENT_TYPES = [
  'ApprovalRequested',
  'ApprovalGranted',
  'ApprovalDenied',
  'ApprovalExpired',
  'ApprovalRefused',
  'ApprovalGrantRefused',
  'ApprovalGrantUsed',
] as const;
