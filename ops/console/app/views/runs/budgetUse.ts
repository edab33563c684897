import type { RunSummary } from './runFields.js';

/** One budget of a run: what it used against its limit (null: unlimited). */
export interface BudgetLine {
  readonly name: 'steps' | 'tool calls' | 'inference calls' | 'wall time';
  readonly used: number;
  readonly limit: number | null;
  /** For wall time the numbers are milliseconds (format them as durations); counts otherwise. */
  readonly unit: 'count' | 'ms';
}

/**
 * The run's budgets, used vs limit, in a fixed order. Wall time runs from `startedAt` to `endedAt`, or to `at`
 * (now) while the run has not ended.
 */
export function budgetLines(run: RunSummary, at: number): readonly BudgetLine[] {
  const end = run.endedAt === null ? at : Date.parse(run.endedAt);
  return [
    { name: 'steps', used: run.stepCount, limit: run.budget.maxSteps, unit: 'count' },
    { name: 'tool calls', used: run.toolCalls, limit: run.budget.maxToolCalls, unit: 'count' },
    { name: 'inference calls', used: run.inferenceCalls, limit: run.budget.maxInferenceCalls, unit: 'count' },
    {
      name: 'wall time',
      used: Math.max(0, end - Date.parse(run.startedAt)),
      limit: run.budget.maxWallTimeMs,
      unit: 'ms',
    },
  ];
}

/** How much of the limit is used, 0..1 (past the limit counts as 1); null without a limit. */
export function budgetShare(line: BudgetLine): number | null {
  if (line.limit === null) return null;
  if (line.limit <= 0) return 1;
  return Math.min(1, line.used / line.limit);
}
