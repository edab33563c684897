import type { RunAsOf, RunStep, RunSummary } from '../../projections/index.js';

/**
 * What the `Run` type resolves from: a row of the runs read model (now) or a run folded up to a position (time
 * travel). Fields only the read model knows are null for a folded run.
 */
export interface RunView extends Omit<RunSummary, 'wallTimeMs'> {
  /** The position this view was folded up to; null for the current state. */
  readonly asOf: number | null;
  /** The steps as of `asOf` (time travel); absent for the current state (they come from the read model). */
  readonly steps?: readonly RunStep[];
}

export function runViewOfSummary(summary: RunSummary): RunView {
  return {
    runId: summary.runId,
    tenant: summary.tenant,
    status: summary.status,
    goal: summary.goal,
    agent: summary.agent,
    input: summary.input,
    budget: summary.budget,
    stepCount: summary.stepCount,
    inferenceCalls: summary.inferenceCalls,
    toolCalls: summary.toolCalls,
    pendingApprovals: summary.pendingApprovals,
    output: summary.output,
    failureReason: summary.failureReason,
    cancelReason: summary.cancelReason,
    cancelledBy: summary.cancelledBy,
    startedAt: summary.startedAt,
    updatedAt: summary.updatedAt,
    endedAt: summary.endedAt,
    startedBy: summary.startedBy,
    lastPosition: summary.lastPosition,
    revision: summary.revision,
    asOf: null,
  };
}

/** A run folded from the ledger up to `asOf`, with its steps then. */
export function runViewAsOf(asOf: RunAsOf, position: number): RunView {
  return { ...runViewOfSummary(asOf.summary), asOf: position, steps: asOf.steps };
}
