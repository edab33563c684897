import type { RunState } from '../runs/runDecider.js';
import type { CallRecord } from '../runs/runRecords.js';
import type { CompensatingCall } from '../tools/compensation.js';
import type { SideEffect } from '../tools/toolEvents.js';
import type { RollbackStartedData } from './rollbackEvents.js';

/** One tool call as a rollback needs it. */
export interface HistoryCall {
  readonly callId: string;
  readonly tool: { readonly name: string; readonly version: string };
  readonly sideEffect: SideEffect | null;
  /** Global position of its `ToolCallRequested`. */
  readonly position: number;
  readonly completed: boolean;
  readonly compensation: CompensatingCall | null;
  readonly compensationProblem: string | null;
  /** Set when the call is itself a compensation of an earlier call. */
  readonly compensates: CompensationLink | null;
}

/** The link a compensating call carries to the rollback and the call it compensates. */
export interface CompensationLink {
  readonly rollbackId: string;
  readonly callId: string;
}

export interface HistoryMemory {
  readonly memoryId: string;
  readonly memoryRevision: number;
  readonly position: number;
}

/**
 * What a run's history says for rolling it back: where its steps and events are, its calls, the memories applied
 * to it and not un-applied since, what earlier rollbacks compensated, and the rollback in progress (started, not
 * ended), if any. A view of the one run fold (`RunState`), never a fold of its own.
 */
export interface RollbackHistory {
  /** Step number → global position of its `StepRecorded`. */
  readonly steps: { get(step: number): number | undefined; keys(): Iterable<number> };
  /** The global positions of the run's events. */
  readonly positions: { has(position: number): boolean };
  readonly lastPosition: number | null;
  readonly calls: ReadonlyMap<string, HistoryCall>;
  readonly memories: readonly HistoryMemory[];
  /** Calls whose compensation completed (by any earlier rollback). */
  readonly compensated: ReadonlySet<string>;
  /**
   * Calls whose compensation was requested and has no outcome (compensated call id → compensating call id): the
   * process stopped while it executed, so whether it took effect is unknown.
   */
  readonly interrupted: ReadonlyMap<string, string>;
  readonly inProgress: RollbackStartedData | null;
}

/** The statuses of a call whose outcome is recorded. */
const SETTLED = new Set(['completed', 'failed', 'denied']);

/** The rollback view of a run's state (pure; proportional to the run's calls and memories, read once per rollback). */
export function rollbackHistoryOf(state: RunState): RollbackHistory {
  const calls = new Map<string, HistoryCall>();
  const compensated = new Set<string>();
  const interrupted = new Map<string, string>();
  for (const call of state.calls.values()) {
    calls.set(call.callId, historyCall(call));
    if (call.compensates === null) continue;
    if (call.status === 'completed') compensated.add(call.compensates.callId);
    else if (!SETTLED.has(call.status)) interrupted.set(call.compensates.callId, call.callId);
  }
  const memories = [...state.memories.values()].map(({ memoryId, memoryRevision, appliedAt }) => ({
    memoryId,
    memoryRevision,
    position: appliedAt.position,
  }));
  return {
    steps: state.stepPositions,
    positions: state.positions,
    lastPosition: state.lastPosition,
    calls,
    memories,
    compensated,
    interrupted,
    inProgress: state.rollbackStarted,
  };
}

function historyCall(call: CallRecord): HistoryCall {
  return {
    callId: call.callId,
    tool: { name: call.tool.name, version: call.tool.version },
    sideEffect: call.tool.sideEffect,
    position: call.requestedPosition,
    completed: call.status === 'completed',
    compensation: call.compensation,
    compensationProblem: call.compensationProblem,
    compensates: call.compensates,
  };
}
