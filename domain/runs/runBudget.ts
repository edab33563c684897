import type { RunState } from './runDecider.js';
import { RunError } from './runErrors.js';
import type { BudgetExceeded, BudgetName, BudgetOverrun, RunEvent } from './runEvents.js';

// A run's budgets, as the run decider and the services that spend them (inference, tool calls) check them. Pure.

/**
 * The budget `use` would overrun if the run did one more of it now: its counted budget first, then wall time
 * (elapsed since `RunStarted` past `maxWallTimeMs`); null when within both.
 */
export function budgetOverrun(
  state: RunState,
  use: 'steps' | 'inferenceCalls' | 'toolCalls',
  now: number,
): BudgetOverrun | null {
  const limit = {
    steps: state.budget.maxSteps,
    inferenceCalls: state.budget.maxInferenceCalls,
    toolCalls: state.budget.maxToolCalls,
  }[use];
  // A fork's inherited steps are its source's: its own step budget counts only the steps it records itself.
  const used = use === 'steps' ? state.steps - state.baseStep : state[use];
  if (limit !== undefined && used >= limit) return { budget: use, limit, actual: used + 1 };
  return wallTimeOverrun(state, now);
}

/** The wall-time overrun of the run at `now`, or null while it is within its wall-time budget (or has none). */
export function wallTimeOverrun(state: RunState, now: number): BudgetOverrun | null {
  const { maxWallTimeMs } = state.budget;
  if (maxWallTimeMs === undefined || state.startedAt === null) return null;
  const elapsed = now - state.startedAt;
  return elapsed > maxWallTimeMs ? { budget: 'wallTime', limit: maxWallTimeMs, actual: elapsed } : null;
}

/** When the run's wall-time budget runs out (ms since the epoch), or null without one. */
export function wallTimeDeadline(state: RunState): number | null {
  const { maxWallTimeMs } = state.budget;
  return maxWallTimeMs === undefined || state.startedAt === null ? null : state.startedAt + maxWallTimeMs;
}

/**
 * The end of a run that ran out of a budget: `RunFailed` naming the budget, its limit, the count (or elapsed ms)
 * and the command refused for it. A command that would overrun a budget is refused AND ends the run, so a run
 * never stays `running` past what it was allowed.
 */
export function budgetEnd(runId: string, exceeded: BudgetExceeded): RunEvent {
  return { type: 'RunFailed', data: { reason: budgetMessage(runId, exceeded), budgetExceeded: exceeded } };
}

/**
 * The refusal a command gets when it ran the run out of a budget; `runEndedEventId`: the id of the `RunFailed`
 * that ended the run for it. Details: runId, budget, limit, actual (and runEndedEventId when known).
 */
export function budgetRefusal(runId: string, exceeded: BudgetOverrun, runEndedEventId?: string): RunError {
  const { budget, limit, actual } = exceeded;
  return new RunError('RUN_BUDGET_EXCEEDED', budgetMessage(runId, exceeded), {
    runId,
    budget,
    limit,
    actual,
    ...(runEndedEventId === undefined ? {} : { runEndedEventId }),
  });
}

/** The overrun a decided event stands for, when it is the end of its run by budget. */
export function budgetExceededBy(event: {
  readonly type: string;
  readonly data: unknown;
}): BudgetExceeded | null {
  if (event.type !== 'RunFailed') return null;
  return (event.data as { budgetExceeded?: BudgetExceeded }).budgetExceeded ?? null;
}

const COUNTED: Record<Exclude<BudgetName, 'wallTime'>, string> = {
  steps: 'steps',
  inferenceCalls: 'inference calls',
  toolCalls: 'tool calls',
};

function budgetMessage(runId: string, { budget, limit }: BudgetOverrun): string {
  return budget === 'wallTime'
    ? `run ${runId} ran past its ${limit} ms`
    : `run ${runId} has used its ${limit} ${COUNTED[budget]}`;
}
