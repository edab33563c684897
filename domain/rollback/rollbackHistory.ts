import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { MemoryAppliedData } from '../memory/memoryEvents.js';
import type { CompensatingCall } from '../tools/compensation.js';
import type { SideEffect } from '../tools/toolEvents.js';
import type { ToolCallCompletedData, ToolCallRequestedData } from '../toolCalls/toolCallEvents.js';
import type { MemoryUnappliedData, RollbackStartedData } from './rollbackEvents.js';

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
 * What a run's whole recorded history says for rolling it back: its steps and events by global position, its
 * calls, the memories applied to it and not un-applied since, what earlier rollbacks compensated, and the
 * rollback in progress (started, not ended), if any.
 */
export interface RollbackHistory {
  /** Step number → global position of its `StepRecorded`. */
  readonly steps: ReadonlyMap<number, number>;
  readonly positions: ReadonlySet<number>;
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

export const emptyRollbackHistory: RollbackHistory = {
  steps: new Map(),
  positions: new Set(),
  lastPosition: null,
  calls: new Map(),
  memories: [],
  compensated: new Set(),
  interrupted: new Map(),
  inProgress: null,
};

/** Folds run-stream events (in stream order) into a rollback history. Pure; unknown types only add positions. */
export function foldRollbackHistory(
  events: readonly RecordedEvent[],
  from: RollbackHistory = emptyRollbackHistory,
): RollbackHistory {
  const steps = new Map(from.steps);
  const positions = new Set(from.positions);
  const calls = new Map(from.calls);
  const compensated = new Set(from.compensated);
  const interrupted = new Map(from.interrupted);
  let memories = [...from.memories];
  let { inProgress, lastPosition } = from;
  for (const event of events) {
    positions.add(event.position);
    lastPosition = event.position;
    const data = event.data as never;
    switch (event.type) {
      case 'StepRecorded':
        steps.set((event.data as { stepNumber: number }).stepNumber, event.position);
        break;
      case 'ToolCallRequested': {
        const [callId, call] = requestedCall(data, event.position);
        calls.set(callId, call);
        if (call.compensates !== null) interrupted.set(call.compensates.callId, callId);
        break;
      }
      case 'ToolCallCompleted': {
        const completed = completeCall(calls, data);
        if (completed?.compensates != null) compensated.add(completed.compensates.callId);
        settleCompensation(calls, interrupted, data);
        break;
      }
      case 'ToolCallFailed':
      case 'ToolCallDenied':
        settleCompensation(calls, interrupted, data);
        break;
      case 'MemoryApplied': {
        const { memoryId, memoryRevision } = data as MemoryAppliedData;
        memories.push({ memoryId, memoryRevision, position: event.position });
        break;
      }
      case 'MemoryUnapplied': {
        const { memoryId } = data as MemoryUnappliedData;
        memories = memories.filter((memory) => memory.memoryId !== memoryId);
        break;
      }
      case 'RollbackStarted':
        inProgress = data;
        break;
      case 'RunRolledBack':
      case 'RunRollbackFailed':
        inProgress = null;
        break;
      default:
        break;
    }
  }
  return { steps, positions, lastPosition, calls, memories, compensated, interrupted, inProgress };
}

/** A compensating call's outcome is recorded: it is no longer in doubt. */
function settleCompensation(
  calls: ReadonlyMap<string, HistoryCall>,
  interrupted: Map<string, string>,
  data: { readonly callId: string },
): void {
  const link = calls.get(data.callId)?.compensates;
  if (link != null && interrupted.get(link.callId) === data.callId) interrupted.delete(link.callId);
}

function requestedCall(data: ToolCallRequestedData, position: number): [string, HistoryCall] {
  const { callId, tool } = data;
  const call: HistoryCall = {
    callId,
    tool: { name: tool.name, version: tool.version },
    sideEffect: tool.sideEffect,
    position,
    completed: false,
    compensation: null,
    compensationProblem: null,
    compensates: data.compensates ?? null,
  };
  return [callId, call];
}

function completeCall(calls: Map<string, HistoryCall>, data: ToolCallCompletedData): HistoryCall | undefined {
  const call = calls.get(data.callId);
  if (call === undefined) return undefined;
  const completed = {
    ...call,
    completed: true,
    compensation: data.compensation,
    compensationProblem: data.compensationProblem,
  };
  calls.set(data.callId, completed);
  return completed;
}
