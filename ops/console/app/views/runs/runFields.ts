/**
 * The run as the runs list and the timeline header show it: one selection, used by the `runs` query, `run(id)`
 * and `runUpdates`, so a live update replaces a row with exactly the fields it had.
 */
export const RUN_FIELDS = `
  id goal agent status startedAt updatedAt endedAt
  stepCount toolCalls inferenceCalls pendingApprovals lastPosition
  budget { maxSteps maxToolCalls maxInferenceCalls maxWallTimeMs }
`;

export const RUN_STATUSES = [
  'pending',
  'running',
  'awaiting_approval',
  'completed',
  'failed',
  'cancelled',
  'rolled_back',
  'rollback_failed',
] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

export interface RunBudgetLimits {
  readonly maxSteps: number | null;
  readonly maxToolCalls: number | null;
  readonly maxInferenceCalls: number | null;
  readonly maxWallTimeMs: number | null;
}

export interface RunSummary {
  readonly id: string;
  readonly goal: string;
  readonly agent: string;
  readonly status: RunStatus;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly endedAt: string | null;
  readonly stepCount: number;
  readonly toolCalls: number;
  readonly inferenceCalls: number;
  readonly pendingApprovals: number;
  readonly lastPosition: number;
  readonly budget: RunBudgetLimits;
}
