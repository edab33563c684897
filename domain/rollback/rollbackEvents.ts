import type { JsonValue } from '../events/json.js';
import type { CompensatingCall } from '../tools/compensation.js';

/** Where a rollback goes back to: just after a recorded step, or just after an event of the run's stream. */
export type RollbackPoint = { readonly step: number } | { readonly position: number };

/** A completed reversible call to undo, and its compensating call (resolved when the call completed). */
export interface PlannedCompensation {
  readonly callId: string;
  readonly tool: { readonly name: string; readonly version: string };
  /** Global position of the compensated call's `ToolCallRequested`. */
  readonly position: number;
  readonly compensation: CompensatingCall;
}

/** A completed call after the point that cannot be undone: irreversible, or reversible without a compensation. */
export interface LeftBehindCall {
  readonly callId: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly position: number;
  /**
   * `irreversible`; `unresolved` (a reversible tool whose compensation could not be resolved); `interrupted` (an
   * earlier rollback's compensation of it was cut off mid-execution: its effect is unknown, so it is never run again).
   */
  readonly why: 'irreversible' | 'unresolved' | 'interrupted';
  /** For `unresolved`: why the compensation could not be resolved; for `interrupted`: the compensating call id. */
  readonly problem: string | null;
}

/** A memory applied to the run after the point: the rollback un-applies it for the run. */
export interface PlannedUnapply {
  readonly memoryId: string;
  readonly memoryRevision: number;
  /** Global position of its `MemoryApplied`. */
  readonly position: number;
}

/** What a rollback will do, in order: compensations (latest call first), then memories (latest first). */
export interface RollbackPlan {
  /** Global position of the point: everything recorded after it is rolled back. */
  readonly pointPosition: number;
  readonly compensations: readonly PlannedCompensation[];
  readonly unapply: readonly PlannedUnapply[];
  /** Never silently skipped: listed here, in the start event and in the answer. */
  readonly leftBehind: readonly LeftBehindCall[];
}

/** `RollbackStarted`: who asked to roll the run back to which point, why, and the plan. */
export interface RollbackStartedData {
  readonly rollbackId: string;
  readonly point: RollbackPoint;
  readonly reason: string;
  readonly requestedBy: string;
  /** The role of the requester: resumed compensations run as the same principal (same role, same call ids). */
  readonly role: string;
  readonly plan: RollbackPlan;
  /** The policy decision that allowed the rollback (its determining policies and version). */
  readonly policy: RollbackPolicyRecord;
}

export interface RollbackPolicyRecord {
  readonly outcome: 'allow' | 'deny' | 'require_approval';
  readonly determiningPolicies: readonly string[];
  readonly reasons: readonly string[];
  readonly policySetVersion: number | null;
  readonly inputDigest: string;
  /** The approval that lifted a gate (null: none was needed). */
  readonly approvalId: string | null;
}

/** `MemoryUnapplied`: the memory no longer applies to the run (its own stream is untouched). */
export interface MemoryUnappliedData {
  readonly rollbackId: string;
  readonly memoryId: string;
  readonly memoryRevision: number;
}

/** A compensation that did not run to completion, and why. */
export interface CompensationProblem {
  readonly callId: string;
  /** The compensating call's id (null when it was never requested). */
  readonly compensationCallId: string | null;
  /** The tool-call outcome (`denied`, `failed`, `pending_approval`, …) or `interrupted` (crashed mid-execution). */
  readonly outcome: string;
  readonly reason: string;
  readonly message: string;
}

/** `RunRolledBack`: every planned compensation completed and every memory was un-applied. */
export interface RunRolledBackData {
  readonly rollbackId: string;
  /** Compensated call id → compensating call id. */
  readonly compensated: readonly { readonly callId: string; readonly compensationCallId: string }[];
  readonly leftBehind: readonly LeftBehindCall[];
}

/** `RunRollbackFailed`: the rollback ended, and these compensations could not run or failed. */
export interface RunRollbackFailedData extends RunRolledBackData {
  readonly failed: readonly CompensationProblem[];
}

export const ROLLBACK_REFUSAL_REASONS = ['ROLLBACK_IN_PROGRESS', 'POLICY_DENIED'] as const;
export type RollbackRefusalReason = (typeof ROLLBACK_REFUSAL_REASONS)[number];

/** `RollbackRefused`: an authenticated caller's rollback was refused (who, on what, why). Recorded evidence. */
export interface RollbackRefusedData {
  readonly rollbackId: string;
  readonly point: RollbackPoint;
  readonly reason: RollbackRefusalReason;
  readonly message: string;
  readonly requestedBy: string;
  readonly role: string;
  readonly details: { readonly [key: string]: JsonValue };
}

export type RollbackEvent =
  | { readonly type: 'RollbackStarted'; readonly data: RollbackStartedData }
  | { readonly type: 'MemoryUnapplied'; readonly data: MemoryUnappliedData }
  | { readonly type: 'RunRolledBack'; readonly data: RunRolledBackData }
  | { readonly type: 'RunRollbackFailed'; readonly data: RunRollbackFailedData }
  | { readonly type: 'RollbackRefused'; readonly data: RollbackRefusedData };

export const ROLLBACK_EVENT_TYPES = [
  'RollbackStarted',
  'MemoryUnapplied',
  'RunRolledBack',
  'RunRollbackFailed',
  'RollbackRefused',
] as const;
