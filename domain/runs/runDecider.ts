import type { JsonValue } from '../events/json.js';
import type { CommandContext, RunCommand } from './runCommands.js';
import { RunError } from './runErrors.js';
import { budgetEnd, budgetOverrun, wallTimeOverrun } from './runBudget.js';
import type { RunBudget, RunEvent } from './runEvents.js';
import { RUN_BUDGET_LIMITS } from './runEvents.js';
import { emptyRunRecords, evolveRecords } from './runRecords.js';
import type { AppliedMemory, EventReference, RecordsEvent, RunRecords } from './runRecords.js';
import type { RunStatus } from './runStatus.js';
import { VersionedMap } from './versionedMap.js';
import type { RollbackStartedData } from '../rollback/rollbackEvents.js';

export type { RunStatus } from './runStatus.js';

/** Statuses in which a run accepts work (an awaiting run may still record steps, call other tools, be cancelled). */
export const ACTIVE_RUN_STATUSES: readonly RunStatus[] = ['pending', 'running', 'awaiting_approval'];

/**
 * What a run's history says about it now: the ONE fold of a run stream, used by every writer of run streams and
 * by time travel. `revision` is the run stream's last revision (null: no stream). Its records (calls, approvals,
 * inferences, memory applied, keyed events) are versioned maps: a state is never changed by folding on from it.
 */
export interface RunState extends RunRecords {
  readonly runId: string | null;
  readonly tenant: string | null;
  readonly status: RunStatus | null;
  readonly goal: string;
  readonly agent: string;
  readonly input: JsonValue;
  readonly budget: RunBudget;
  readonly steps: number;
  /** Steps the run started with: a fork's step at its fork point, 0 for a run started fresh. Budgets count after it. */
  readonly baseStep: number;
  /** Memory versions applied to the run so far, in order (a fork starts with its source's at the fork point). */
  /** Inference requests recorded so far (what `budget.maxInferenceCalls` limits). */
  readonly inferenceCalls: number;
  /** Tool calls requested so far (what `budget.maxToolCalls` limits). */
  readonly toolCalls: number;
  /** Completions and embeddings requested so far (what `budget.maxCompletionCalls` limits; a resume is not counted). */
  readonly completionCalls: number;
  /** Tokens the run's completions used, as the endpoints reported them (what `budget.maxTokens` limits). */
  readonly tokensUsed: number;
  /** Approvals requested and not yet granted, rejected or expired: while > 0 the run is `awaiting_approval`. */
  readonly pendingApprovals: number;
  readonly startedAt: number | null;
  readonly endedAt: number | null;
  readonly output: JsonValue;
  readonly failureReason: string | null;
  readonly cancellation: { readonly reason: string; readonly by: string } | null;
  /** The actor that started the run (what user-scoped memory is matched against). */
  readonly startedBy: string | null;
  /** The rollback started and not ended (`RollbackStarted`): the run takes no new work meanwhile. */
  readonly rollingBack: string | null;
  /** What the rollback in progress started with (its plan, its principal), or null. */
  readonly rollbackStarted: RollbackStartedData | null;
  /** Global position of the stream's last event (null: no stream, or a test event without one). */
  readonly lastPosition: number | null;
  readonly revision: number | null;
}

export const initialRunState: RunState = Object.freeze({
  ...emptyRunRecords(),
  startedBy: null,
  runId: null,
  tenant: null,
  status: null,
  goal: '',
  agent: '',
  input: null,
  budget: {},
  steps: 0,
  baseStep: 0,
  inferenceCalls: 0,
  toolCalls: 0,
  completionCalls: 0,
  tokensUsed: 0,
  pendingApprovals: 0,
  startedAt: null,
  endedAt: null,
  output: null,
  failureReason: null,
  cancellation: null,
  rollingBack: null,
  rollbackStarted: null,
  lastPosition: null,
  revision: null,
});

/**
 * A run event as evolve needs it: the decided event plus the envelope facts it depends on. Stored events carry
 * them all (`toRunHistoryEvent`); a decider test may leave out what it does not look at.
 */
export type RunHistoryEvent = RunEvent & {
  readonly revision: number;
  readonly tenant: string;
  readonly occurredAt: number;
  readonly id?: string;
  readonly position?: number;
  readonly hash?: string;
  /** The actor id of the event. */
  readonly actor?: string;
  /** True when the event was appended under an idempotency key. */
  readonly keyed?: boolean;
};

/** Folds one event of the run's stream into its state. Total: unknown types only move the revision. */
export function evolveRun(state: RunState, event: RunHistoryEvent): RunState {
  return evolveStatus(withRecords(state, event), event);
}

function withRecords(state: RunState, event: RunHistoryEvent): RunState {
  const reference: EventReference = {
    id: event.id ?? '',
    revision: event.revision,
    position: event.position ?? -1,
    hash: event.hash ?? '',
  };
  const records = evolveRecords(state, { ...event, reference } as RecordsEvent);
  const keyedEvents =
    event.keyed === true && event.id !== undefined
      ? records.keyedEvents.set(event.id, event.revision)
      : records.keyedEvents;
  const lastPosition = event.position ?? state.lastPosition;
  return { ...state, ...records, keyedEvents, revision: event.revision, lastPosition };
}

/** The status, counters and ending `event` makes of a state whose records and revision already moved. */
function evolveStatus(state: RunState, event: RunHistoryEvent): RunState {
  switch (event.type) {
    case 'RunStarted':
      return {
        ...state,
        startedBy: event.actor ?? null,
        runId: event.data.runId,
        tenant: event.tenant,
        status: 'pending',
        goal: event.data.goal,
        agent: event.data.agent,
        input: event.data.input,
        budget: event.data.budget,
        startedAt: event.occurredAt,
        // A fork continues its source's steps and memory; its counters and wall time start afresh.
        steps: event.data.forkedFrom?.step ?? 0,
        baseStep: event.data.forkedFrom?.step ?? 0,
        memories: carriedMemories(event.data.forkedFrom?.memoryApplied ?? []),
      };
    case 'StepRecorded':
      return { ...state, status: statusAfterWork(state), steps: event.data.stepNumber };
    case 'InferenceRequested':
      return { ...state, status: statusAfterWork(state), inferenceCalls: state.inferenceCalls + 1 };
    case 'ToolCallRequested':
      return { ...state, status: statusAfterWork(state), toolCalls: state.toolCalls + 1 };
    case 'CompletionRequested': {
      const counted = event.data.approvalId === null ? 1 : 0;
      return { ...state, status: statusAfterWork(state), completionCalls: state.completionCalls + counted };
    }
    case 'CompletionCompleted':
    case 'CompletionWithheld':
      return { ...state, tokensUsed: state.tokensUsed + (event.data.usage?.totalTokens ?? 0) };
    case 'ApprovalRequested': {
      const pendingApprovals = state.pendingApprovals + 1;
      return { ...state, status: statusAfterWork({ ...state, pendingApprovals }), pendingApprovals };
    }
    case 'ApprovalGranted':
    case 'ApprovalDenied':
    case 'ApprovalExpired': {
      // Only a pending approval is ever closed (the approval service decides so), so this never goes below 0.
      const pendingApprovals = state.pendingApprovals - 1;
      return { ...state, status: statusAfterWork({ ...state, pendingApprovals }), pendingApprovals };
    }
    // Ending a run withdraws its pending approvals (nothing of an ended run can be granted any more).
    case 'RunCompleted':
      return {
        ...state,
        status: 'completed',
        output: event.data.output,
        endedAt: event.occurredAt,
        pendingApprovals: 0,
      };
    case 'RunFailed':
      return {
        ...state,
        status: 'failed',
        failureReason: event.data.reason,
        endedAt: event.occurredAt,
        pendingApprovals: 0,
      };
    case 'RunCancelled':
      return {
        ...state,
        pendingApprovals: 0,
        status: 'cancelled',
        cancellation: { reason: event.data.reason, by: event.data.cancelledBy },
        endedAt: event.occurredAt,
      };
    case 'RollbackStarted':
      return { ...state, rollingBack: event.data.rollbackId, rollbackStarted: event.data };
    case 'RunRolledBack':
    case 'RunRollbackFailed':
      return {
        ...state,
        status: event.type === 'RunRolledBack' ? 'rolled_back' : 'rollback_failed',
        rollingBack: null,
        rollbackStarted: null,
        pendingApprovals: 0,
        endedAt: event.occurredAt,
      };
    default:
      return state;
  }
}

/** The memory a fork carries over from its source, as the fold keeps it. */
function carriedMemories(memories: readonly AppliedMemory[]): VersionedMap<string, AppliedMemory> {
  let carried = VersionedMap.empty<string, AppliedMemory>();
  for (const memory of memories) carried = carried.set(memory.memoryId, memory);
  return carried;
}

/** Work keeps an ended run's status: a rollback's compensating calls and approval land on runs that may have ended. */
function statusAfterWork(state: RunState): RunStatus | null {
  return state.status !== null && !ACTIVE_RUN_STATUSES.includes(state.status)
    ? state.status
    : workingStatus(state.pendingApprovals);
}

/** The status of an active run that did some work: awaiting approval while any approval is pending. */
export function workingStatus(pendingApprovals: number): RunStatus {
  return pendingApprovals > 0 ? 'awaiting_approval' : 'running';
}

const MAX_TEXT = 4096;

/**
 * Decides what a command means for a run in `state`: the events to append, or a typed refusal. Pure: time and
 * principal come in `context`. A run of another tenant is reported as not found, never as someone else's.
 */
export function decideRun(command: RunCommand, state: RunState, context: CommandContext): RunEvent[] {
  if (command.type === 'StartRun') return decideStart(command, state);
  requireActiveRun(command.runId, command.type, state, context);
  switch (command.type) {
    case 'RecordStep':
      return decideStep(command, state, context);
    case 'CompleteRun':
      return [{ type: 'RunCompleted', data: { output: command.output } }];
    case 'FailRun':
      return [{ type: 'RunFailed', data: { reason: requireText('reason', command.reason) } }];
    case 'CancelRun':
      return [
        {
          type: 'RunCancelled',
          data: { reason: requireText('reason', command.reason), cancelledBy: context.principal },
        },
      ];
    case 'EnforceWallTime': {
      const overrun = wallTimeOverrun(state, context.now);
      return overrun === null ? [] : [budgetEnd(command.runId, { ...overrun, command: null })];
    }
    default: {
      const unknown: never = command;
      throw new RunError(
        'RUN_INVALID_COMMAND',
        `unknown command ${String((unknown as { type?: unknown }).type)}`,
      );
    }
  }
}

function decideStart(command: Extract<RunCommand, { type: 'StartRun' }>, state: RunState): RunEvent[] {
  if (state.status !== null)
    throw new RunError('RUN_ALREADY_EXISTS', `run ${command.runId} already exists`, { runId: command.runId });
  const budget: RunBudget = {};
  for (const key of RUN_BUDGET_LIMITS) {
    const limit = command.budget[key];
    if (limit === undefined) continue;
    if (!Number.isSafeInteger(limit) || limit < 1)
      throw invalid(`budget.${key}`, 'must be a positive integer');
    Object.assign(budget, { [key]: limit });
  }
  return [
    {
      type: 'RunStarted',
      data: {
        runId: command.runId,
        goal: requireText('goal', command.goal),
        agent: requireText('agent', command.agent),
        input: command.input,
        budget,
      },
    },
  ];
}

function decideStep(
  command: Extract<RunCommand, { type: 'RecordStep' }>,
  state: RunState,
  context: CommandContext,
): RunEvent[] {
  const overrun = budgetOverrun(state, 'steps', context.now);
  if (overrun !== null) return [budgetEnd(command.runId, { ...overrun, command: command.type })];
  return [
    {
      type: 'StepRecorded',
      data: {
        stepNumber: state.steps + 1,
        kind: requireText('kind', command.kind, 128),
        summary: requireText('summary', command.summary),
        payload: command.payload,
      },
    },
  ];
}

/** Refuses a command on a run that does not exist for this tenant, or has ended. */
export function requireActiveRun(
  runId: string,
  command: string,
  state: RunState,
  context: CommandContext,
): void {
  if (state.status === null || state.tenant !== context.tenant) {
    throw new RunError('RUN_NOT_FOUND', `run ${runId} not found`, { runId });
  }
  if (!ACTIVE_RUN_STATUSES.includes(state.status) || state.rollingBack !== null) {
    const status = state.rollingBack === null ? state.status : 'rolling_back';
    throw new RunError('RUN_NOT_ACTIVE', `run ${runId} is ${status}`, { runId, status, command });
  }
}

/** `value` when it is non-empty text of `max` characters at most, else RUN_INVALID_COMMAND naming `field`. */
export function requireText(field: string, value: string, max = MAX_TEXT): string {
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > max)
    throw invalid(field, `must be non-empty text of ${max} characters at most`);
  return value;
}

function invalid(field: string, reason: string): RunError {
  return new RunError('RUN_INVALID_COMMAND', `${field} ${reason}`, { field, reason });
}
