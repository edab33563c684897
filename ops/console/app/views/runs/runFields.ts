import type { RunStatus } from '../../../../../domain/runs/runStatus.js';

/**
 * The run as the runs list and the timeline header show it: one selection, used by the `runs` query, `run(id)`
 * and `runUpdates`, so a live update replaces a row with exactly the fields it had.
 */
export const RUN_FIELDS = `
  id goal agent status startedAt updatedAt endedAt
  stepCount toolCalls inferenceCalls pendingApprovals lastPosition
  budget { maxSteps maxToolCalls maxInferenceCalls maxWallTimeMs }
`;

export { RUN_STATUSES } from '../../../../../domain/runs/runStatus.js';
export type { RunStatus };

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
