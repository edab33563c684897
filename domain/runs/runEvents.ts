import type { JsonValue } from '../events/json.js';
import type { AppliedMemory } from './runRecords.js';
import type { ApprovalEvent } from '../approvals/approvalEvents.js';
import { APPROVAL_EVENT_TYPES } from '../approvals/approvalEvents.js';
import type { InferenceEvent } from '../inference/inferenceEvents.js';
import type { RunMemoryEvent } from '../memory/memoryEvents.js';
import { RUN_MEMORY_EVENT_TYPES } from '../memory/memoryEvents.js';
import type { ReplayEvent } from '../replay/replayEvents.js';
import { REPLAY_EVENT_TYPES } from '../replay/replayEvents.js';
import type { RollbackEvent } from '../rollback/rollbackEvents.js';
import { ROLLBACK_EVENT_TYPES } from '../rollback/rollbackEvents.js';
import type { ToolCallEvent } from '../toolCalls/toolCallEvents.js';
import type { CompletionEvent } from '../completions/completionEvents.js';
import { COMPLETION_EVENT_TYPES } from '../completions/completionEvents.js';
import { TOOL_CALL_EVENT_TYPES } from '../toolCalls/toolCallEvents.js';

/** Limits a run must stay within; absent means unlimited. */
export interface RunBudget {
  readonly maxSteps?: number;
  readonly maxWallTimeMs?: number;
  /** Inference requests the run may make (each `InferenceRequested` counts, whatever its outcome). */
  readonly maxInferenceCalls?: number;
  /** Tool calls the run may make (each `ToolCallRequested` counts, whatever its outcome). */
  readonly maxToolCalls?: number;
  /** Completions and embeddings requests the run may make (each first `CompletionRequested` counts). */
  readonly maxCompletionCalls?: number;
  /**
   * Tokens the run's completions may use (prompt and completion, as the endpoints report them). Checked before
   * each call; the call's `max_tokens` is capped to what is left, so a call overshoots by its prompt at most.
   */
  readonly maxTokens?: number;
}

export type RunBudgetLimit = keyof RunBudget;

/** Each limit named once; a limit added to `RunBudget` and missing here fails to compile. */
const BUDGET_LIMITS: { readonly [Limit in RunBudgetLimit]-?: Limit } = {
  maxSteps: 'maxSteps',
  maxWallTimeMs: 'maxWallTimeMs',
  maxInferenceCalls: 'maxInferenceCalls',
  maxToolCalls: 'maxToolCalls',
  maxCompletionCalls: 'maxCompletionCalls',
  maxTokens: 'maxTokens',
};

/** Every limit of `RunBudget`, at run time: what a start may set and the API must offer (a test compares them). */
export const RUN_BUDGET_LIMITS: readonly RunBudgetLimit[] = Object.values(BUDGET_LIMITS);

export interface RunStartedData {
  readonly runId: string;
  readonly goal: string;
  readonly agent: string;
  readonly input: JsonValue;
  readonly budget: RunBudget;
  /** Present when the run is a fork (`forkRun`): where it continues from. Absent on a run started fresh. */
  readonly forkedFrom?: RunForkOrigin;
}

/**
 * Where a fork starts, as its `RunStarted` records it. `position` is the global position of the source's event
 * that completed `step` (its `StepRecorded`, or its `RunStarted` for the first step it has); `stateDigest` is
 * `runStateDigest` of the source's stream folded up to and including that position, so anyone can recompute it.
 * `memoryApplied` is the source's memory applied by then, which the fork keeps using.
 */
export interface RunForkOrigin {
  readonly runId: string;
  readonly position: number;
  readonly step: number;
  readonly stateDigest: string;
  readonly reason: string;
  readonly forkedBy: string;
  readonly memoryApplied: readonly AppliedMemory[];
}

export interface StepRecordedData {
  readonly stepNumber: number;
  readonly kind: string;
  readonly summary: string;
  readonly payload: JsonValue;
}

export interface RunCompletedData {
  readonly output: JsonValue;
}

/** The budgets a run can run out of: the counted ones, and wall time since `RunStarted`. */
export type BudgetName = CountedBudget | 'wallTime';

/** The budgets counted in the run's state (steps, calls, tokens used). */
export type CountedBudget = 'steps' | 'inferenceCalls' | 'toolCalls' | 'completionCalls' | 'tokens';

/** A budget a run ran out of: which, its limit, and what the use would have become (a count, or elapsed ms). */
export interface BudgetOverrun {
  readonly budget: BudgetName;
  readonly limit: number;
  readonly actual: number;
}

/** Why a run ended by budget: the overrun and the command refused for it (null: the runtime saw the deadline pass). */
export interface BudgetExceeded extends BudgetOverrun {
  readonly command: string | null;
}

export interface RunFailedData {
  readonly reason: string;
  /** Present when the run ended because a budget ran out (the runtime ended it, not the app). */
  readonly budgetExceeded?: BudgetExceeded;
}

export interface RunCancelledData {
  readonly reason: string;
  readonly cancelledBy: string;
}

/** The run stream's events, as (type, data) pairs: the decider's output before envelopes are added. */
export type RunEvent =
  | { readonly type: 'RunStarted'; readonly data: RunStartedData }
  | { readonly type: 'StepRecorded'; readonly data: StepRecordedData }
  | { readonly type: 'RunCompleted'; readonly data: RunCompletedData }
  | { readonly type: 'RunFailed'; readonly data: RunFailedData }
  | { readonly type: 'RunCancelled'; readonly data: RunCancelledData }
  | InferenceEvent
  | ToolCallEvent
  | ApprovalEvent
  | RunMemoryEvent
  | ReplayEvent
  | RollbackEvent
  | CompletionEvent;

export type RunEventType = RunEvent['type'];

export const RUN_EVENT_TYPES: readonly RunEventType[] = [
  'RunStarted',
  'StepRecorded',
  'RunCompleted',
  'RunFailed',
  'RunCancelled',
  'InferenceRequested',
  'InferenceCompleted',
  'InferenceFailed',
  ...TOOL_CALL_EVENT_TYPES,
  ...APPROVAL_EVENT_TYPES,
  ...RUN_MEMORY_EVENT_TYPES,
  ...REPLAY_EVENT_TYPES,
  ...ROLLBACK_EVENT_TYPES,
  ...COMPLETION_EVENT_TYPES,
];

/** The events that end a run. */
export const RUN_ENDED_EVENTS: readonly RunEventType[] = [
  'RunCompleted',
  'RunFailed',
  'RunCancelled',
  'RunRolledBack',
  'RunRollbackFailed',
];

export const RUN_STREAM_PREFIX = 'run-';

export function runStream(runId: string): string {
  return `${RUN_STREAM_PREFIX}${runId}`;
}
