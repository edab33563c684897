import { RUN_STREAM_PREFIX } from '../../domain/index.js';
import type {
  RecordedEvent,
  RunCancelledData,
  RunCompletedData,
  RunFailedData,
  RunStartedData,
  StepRecordedData,
} from '../../domain/index.js';
import { defineProjection } from '../projection.js';
import { NO_EFFECTS } from '../projection.js';
import { RUNS_SCHEMA } from './runsTable.js';
import { runsWriter } from './runsWriter.js';
import type { RunEventPoint, RunsChange } from './runsTable.js';

/** The run id of a run stream's event (the stream is `run-<id>`), or null for any other stream. */
export function runIdOf(event: RecordedEvent): string | null {
  return event.stream.startsWith(RUN_STREAM_PREFIX) ? event.stream.slice(RUN_STREAM_PREFIX.length) : null;
}

/**
 * What one event changes in `runs`: the same cases as the domain's `evolveRun` (which `runAsOf` folds), so that
 * the table and a fold of the stream agree at every position. Run ids come from the stream name.
 */
export function evolveRuns(event: RecordedEvent): readonly RunsChange[] {
  const runId = runIdOf(event);
  if (runId === null) return NO_EFFECTS;
  const at: RunEventPoint = {
    runId,
    position: event.position,
    revision: event.revision,
    occurredAt: event.meta.occurredAt,
  };
  switch (event.type) {
    case 'RunStarted': {
      const data = event.data as unknown as RunStartedData;
      const { tenant, actor } = event.meta;
      const { goal, agent, input, budget } = data;
      const forkedFrom = data.forkedFrom ?? null;
      const stepCount = forkedFrom?.step ?? 0;
      return [
        {
          kind: 'started',
          at,
          tenant,
          startedBy: actor.id,
          goal,
          agent,
          input,
          budget,
          stepCount,
          forkedFrom,
        },
      ];
    }
    case 'StepRecorded':
      return [{ kind: 'stepped', at, stepCount: (event.data as unknown as StepRecordedData).stepNumber }];
    case 'InferenceRequested':
      return [{ kind: 'inferred', at }];
    case 'ToolCallRequested':
      return [{ kind: 'toolRequested', at }];
    case 'CompletionRequested':
      return [{ kind: 'worked', at }];
    case 'ApprovalRequested':
      return [{ kind: 'approvalOpened', at }];
    case 'ApprovalGranted':
    case 'ApprovalDenied':
    case 'ApprovalExpired':
      return [{ kind: 'approvalClosed', at }];
    case 'RunCompleted':
      return [{ kind: 'completed', at, output: (event.data as unknown as RunCompletedData).output }];
    case 'RunFailed':
      return [{ kind: 'failed', at, reason: (event.data as unknown as RunFailedData).reason }];
    case 'RunCancelled': {
      const { reason, cancelledBy } = event.data as unknown as RunCancelledData;
      return [{ kind: 'cancelled', at, reason, cancelledBy }];
    }
    case 'RunRolledBack':
      return [{ kind: 'rollbackEnded', at, status: 'rolled_back' }];
    case 'RunRollbackFailed':
      return [{ kind: 'rollbackEnded', at, status: 'rollback_failed' }];
    default:
      return [{ kind: 'touched', at }];
  }
}

/**
 * Run summaries: status, timestamps, step count, inference and tool calls, pending approvals, budget, outcome, who
 * started it, last position. Version 3 added tool calls and approvals (a rebuild fills the new columns); version 4
 * counts no pending approvals on an ended run (they are withdrawn), which a rebuild corrects in older rows;
 * version 5 added forks (`run_forks`, and a fork's step count starts at its fork step). Version 6 knows rollbacks:
 * `rolled_back` / `rollback_failed`, and work recorded on an ended run (a rollback's compensations) keeps its status.
 * Version 7: a completion requested makes a pending run running, as the run fold does.
 */
export const runsProjection = defineProjection<RunsChange>({
  name: 'runs',
  version: 7,
  schema: RUNS_SCHEMA,
  evolve: evolveRuns,
  writer: runsWriter,
});
