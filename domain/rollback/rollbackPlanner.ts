import { RollbackError } from './rollbackErrors.js';
import type {
  LeftBehindCall,
  PlannedCompensation,
  PlannedUnapply,
  RollbackPlan,
  RollbackPoint,
} from './rollbackEvents.js';
import type { HistoryCall, RollbackHistory } from './rollbackHistory.js';

/**
 * Plans rolling a run back to `point`, from its recorded history alone. Pure.
 *
 * - Every completed call requested after the point: reversible with a resolved compensation → compensated, latest
 *   first; reversible without one (`compensationProblem`) or irreversible → `leftBehind` (listed, never skipped);
 *   read-only → nothing. Calls that are themselves compensations, and calls an earlier rollback already
 *   compensated, are not planned again; a call whose earlier compensation was interrupted (requested, no outcome)
 *   is `leftBehind` as `interrupted`: compensating it again could undo twice.
 * - Every memory applied after the point and not un-applied since → un-applied, latest first.
 *
 * Throws `ROLLBACK_POINT_NOT_FOUND` (details: the point, the run's `lastStep` and `lastPosition`) when the step
 * was never recorded or the position is no event of this run. A point at the run's last event gives an empty
 * plan (`isEmptyPlan`): nothing to roll back, not an error.
 */
export function planRollback(history: RollbackHistory, point: RollbackPoint): RollbackPlan {
  const pointPosition = positionOf(history, point);
  const after = [...history.calls.values()]
    .filter((call) => call.position > pointPosition && call.completed && call.compensates === null)
    .filter((call) => !history.compensated.has(call.callId))
    .sort((a, b) => b.position - a.position);
  const compensations: PlannedCompensation[] = [];
  const leftBehind: LeftBehindCall[] = [];
  for (const call of after) {
    const cutOff = history.interrupted.get(call.callId);
    if (cutOff !== undefined) leftBehind.push({ ...describe(call), why: 'interrupted', problem: cutOff });
    else if (call.sideEffect === 'reversible' && call.compensation !== null)
      compensations.push({ ...describe(call), compensation: call.compensation });
    else if (call.sideEffect === 'reversible') leftBehind.push(left(call, 'unresolved'));
    else if (call.sideEffect === 'irreversible') leftBehind.push(left(call, 'irreversible'));
  }
  const unapply: PlannedUnapply[] = history.memories
    .filter((memory) => memory.position > pointPosition)
    .sort((a, b) => b.position - a.position)
    .map(({ memoryId, memoryRevision, position }) => ({ memoryId, memoryRevision, position }));
  return { pointPosition, compensations, unapply, leftBehind };
}

/** True when the plan does nothing: no compensation, no memory, no irreversible call after the point. */
export function isEmptyPlan(plan: RollbackPlan): boolean {
  return plan.compensations.length === 0 && plan.unapply.length === 0 && plan.leftBehind.length === 0;
}

function positionOf(history: RollbackHistory, point: RollbackPoint): number {
  const position = 'step' in point ? history.steps.get(point.step) : point.position;
  if (position !== undefined && history.positions.has(position)) return position;
  const lastStep = Math.max(0, ...history.steps.keys());
  const what = 'step' in point ? `step ${point.step}` : `position ${point.position}`;
  throw new RollbackError('ROLLBACK_POINT_NOT_FOUND', `the run has no ${what}`, {
    ...('step' in point ? { step: point.step } : { position: point.position }),
    lastStep,
    lastPosition: history.lastPosition,
  });
}

function describe(call: HistoryCall): Pick<PlannedCompensation, 'callId' | 'tool' | 'position'> {
  return { callId: call.callId, tool: call.tool, position: call.position };
}

function left(call: HistoryCall, why: LeftBehindCall['why']): LeftBehindCall {
  return { ...describe(call), why, problem: why === 'unresolved' ? call.compensationProblem : null };
}
