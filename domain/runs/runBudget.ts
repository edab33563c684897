import type { RunState } from './runDecider.js';
import { RunError } from './runErrors.js';
import type { BudgetExceeded, BudgetName, BudgetOverrun, CountedBudget, RunEvent } from './runEvents.js';

// A run's budgets, as the run decider and the services that spend them (inference, tool calls) check them. Pure.

/**
 * The budget one more of `use` would overrun now: each counted budget named, in order, then wall time (elapsed
 * since `RunStarted` past `maxWallTimeMs`); null when within all of them. `tokens` is overrun once the tokens used
 * reached `maxTokens` (`actual`: tokens used so far, not a count plus one).
 */
export function budgetOverrun(
  state: RunState,
  use: CountedBudget | readonly CountedBudget[],
  now: number,
): BudgetOverrun | null {
  for (const budget of typeof use === 'string' ? [use] : use) {
    const overrun = countedOverrun(state, budget);
    if (overrun !== null) return overrun;
  }
  return wallTimeOverrun(state, now);
}

function countedOverrun(state: RunState, use: CountedBudget): BudgetOverrun | null {
  const { budget } = state;
  const limit = {
    steps: budget.maxSteps,
    inferenceCalls: budget.maxInferenceCalls,
    toolCalls: budget.maxToolCalls,
    completionCalls: budget.maxCompletionCalls,
    tokens: budget.maxTokens,
  }[use];
  if (limit === undefined) return null;
  if (use === 'tokens')
    return state.tokensUsed >= limit ? { budget: use, limit, actual: state.tokensUsed } : null;
  // A fork's inherited steps are its source's: its own step budget counts only the steps it records itself.
  const used = use === 'steps' ? state.steps - state.baseStep : state[use];
  return used >= limit ? { budget: use, limit, actual: used + 1 } : null;
}

/** The tokens a run's token budget leaves (null: no token budget). */
export function tokensLeft(state: RunState): number | null {
  const { maxTokens } = state.budget;
  return maxTokens === undefined ? null : Math.max(0, maxTokens - state.tokensUsed);
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
  completionCalls: 'completion calls',
  tokens: 'tokens',
};

function budgetMessage(runId: string, { budget, limit }: BudgetOverrun): string {
  return budget === 'wallTime'
    ? `run ${runId} ran past its ${limit} ms`
    : `run ${runId} has used its ${limit} ${COUNTED[budget]}`;
}
