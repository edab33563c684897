import type { Database } from 'better-sqlite3';
import { unknownEffect } from '../projection.js';
import type { EffectWriter } from '../projection.js';
import type { RunsChange } from './runsTable.js';

/** Column values a batch's changes to one existing run add up to; null leaves a column as it was. */
interface PendingRun {
  readonly runId: string;
  /** `WORKING`: running, or awaiting approval when the row's pending approvals stay above 0 (see the UPDATE). */
  status: string | null;
  stepCount: number | null;
  /** Inference calls this batch adds (a count, not a last value). */
  inferenceCallsDelta: number;
  toolCallsDelta: number;
  pendingApprovalsDelta: number;
  output: string | null;
  failureReason: string | null;
  cancelReason: string | null;
  cancelledBy: string | null;
  endedAt: string | null;
  updatedAt: string;
  lastPosition: number;
  revision: number;
}

/** Always the same literal, so every pending run has one shape (the merge is a hot path); a plain object, as
 * better-sqlite3 wants for named parameters. */
function pendingRun(runId: string): PendingRun {
  return {
    runId,
    status: null,
    stepCount: null,
    inferenceCallsDelta: 0,
    toolCallsDelta: 0,
    pendingApprovalsDelta: 0,
    output: null,
    failureReason: null,
    cancelReason: null,
    cancelledBy: null,
    endedAt: null,
    updatedAt: '',
    lastPosition: -1,
    revision: -1,
  };
}

const UPSERT = `
INSERT INTO runs (run_id, tenant, status, goal, agent, input_json, budget_json, step_count, started_at, started_by,
                  started_position, updated_at, last_position, revision)
VALUES (@runId, @tenant, 'pending', @goal, @agent, @input, @budget, @stepCount, @occurredAt, @startedBy,
        @position, @occurredAt, @position, @revision)
ON CONFLICT (run_id) DO UPDATE SET
  tenant = excluded.tenant, status = 'pending', goal = excluded.goal, agent = excluded.agent,
  step_count = excluded.step_count,
  input_json = excluded.input_json, budget_json = excluded.budget_json, started_at = excluded.started_at,
  started_by = excluded.started_by, started_position = excluded.started_position,
  updated_at = excluded.updated_at, last_position = excluded.last_position, revision = excluded.revision`;

const INSERT_FORK = `
INSERT OR REPLACE INTO run_forks (run_id, tenant, source_run_id, source_position, step, state_digest, reason,
                                  forked_by, position)
VALUES (@runId, @tenant, @sourceRunId, @sourcePosition, @step, @stateDigest, @reason, @forkedBy, @position)`;

/** The status an active run gets from work: the domain's `workingStatus`, resolved against the row's count. */
const WORKING = 'working';

/** Statuses work does not change (as in `evolveRun`): a rollback's compensations land on ended runs. */
const ENDED = new Set(['completed', 'failed', 'cancelled', 'rolled_back', 'rollback_failed']);
const ENDED_SQL = [...ENDED].map((status) => `'${status}'`).join(', ');

/** Marks `run` as worked on, unless the batch already ended it. */
function work(run: PendingRun): void {
  if (run.status === null || !ENDED.has(run.status)) run.status = WORKING;
}

/*
 * SET expressions read the row as it was before the UPDATE, so `pending_approvals + @pendingApprovalsDelta` is the
 * count after the batch. That is the count the batch's last status-setting change saw, because every change of the
 * count (an approval opened or closed) also sets the status. A run that ends withdraws its pending approvals (the
 * approval queue drops them on the same terminal event), so an ended run counts none.
 */
const MERGED_UPDATE = `
UPDATE runs SET
  status = CASE WHEN @status = '${WORKING}'
    THEN (CASE WHEN status IN (${ENDED_SQL}) THEN status
      WHEN pending_approvals + @pendingApprovalsDelta > 0 THEN 'awaiting_approval' ELSE 'running' END)
    ELSE coalesce(@status, status) END,
  step_count = coalesce(@stepCount, step_count),
  inference_calls = inference_calls + @inferenceCallsDelta,
  tool_calls = tool_calls + @toolCallsDelta,
  pending_approvals = CASE WHEN @endedAt IS NULL THEN pending_approvals + @pendingApprovalsDelta ELSE 0 END,
  output_json = coalesce(@output, output_json), failure_reason = coalesce(@failureReason, failure_reason),
  cancel_reason = coalesce(@cancelReason, cancel_reason), cancelled_by = coalesce(@cancelledBy, cancelled_by),
  ended_at = coalesce(@endedAt, ended_at), updated_at = @updatedAt, last_position = @lastPosition,
  revision = @revision
WHERE run_id = @runId`;

/**
 * Writes `runs`. A run's changes after its start are merged and written once per batch (`flush`): a run with ten
 * events in a batch costs one UPDATE, not ten. Every merged column takes its last value in the batch, which is
 * what writing the changes one by one would leave. A `started` is written at once, after flushing that run's
 * merged changes, so the two keep their order.
 */
export function runsWriter(db: Database): EffectWriter<RunsChange> {
  const upsert = db.prepare(UPSERT);
  const update = db.prepare(MERGED_UPDATE);
  const insertFork = db.prepare(INSERT_FORK);
  const pending = new Map<string, PendingRun>();
  return {
    write(change) {
      const { runId } = change.at;
      if (change.kind === 'started') {
        const held = pending.get(runId);
        if (held !== undefined) update.run(held);
        pending.delete(runId);
        const { tenant, goal, agent, startedBy, stepCount, forkedFrom } = change;
        const { position, revision, occurredAt } = change.at;
        const [input, budget] = [JSON.stringify(change.input), JSON.stringify(change.budget)];
        const started = { runId, tenant, goal, agent, input, budget, stepCount, occurredAt, startedBy };
        upsert.run({ ...started, position, revision });
        if (forkedFrom !== null) {
          const {
            runId: sourceRunId,
            position: sourcePosition,
            step,
            stateDigest,
            reason,
            forkedBy,
          } = forkedFrom;
          const fork = { sourceRunId, sourcePosition, step, stateDigest, reason, forkedBy };
          insertFork.run({ runId, tenant, position, ...fork });
        }
        return;
      }
      let run = pending.get(runId);
      if (run === undefined) {
        run = pendingRun(runId);
        pending.set(runId, run);
      }
      merge(run, change);
    },
    flush() {
      for (const run of pending.values()) update.run(run);
      pending.clear();
    },
  };
}

function merge(run: PendingRun, change: Exclude<RunsChange, { kind: 'started' }>): void {
  const { occurredAt, position, revision } = change.at;
  run.updatedAt = occurredAt;
  run.lastPosition = position;
  run.revision = revision;
  switch (change.kind) {
    case 'stepped':
      work(run);
      run.stepCount = change.stepCount;
      return;
    case 'inferred':
      work(run);
      run.inferenceCallsDelta++;
      return;
    case 'toolRequested':
      work(run);
      run.toolCallsDelta++;
      return;
    case 'worked':
      work(run);
      return;
    case 'approvalOpened':
      work(run);
      run.pendingApprovalsDelta++;
      return;
    case 'approvalClosed':
      work(run);
      run.pendingApprovalsDelta--;
      return;
    case 'completed':
      run.status = 'completed';
      run.output = JSON.stringify(change.output);
      run.endedAt = occurredAt;
      return;
    case 'failed':
      run.status = 'failed';
      run.failureReason = change.reason;
      run.endedAt = occurredAt;
      return;
    case 'cancelled':
      run.status = 'cancelled';
      run.cancelReason = change.reason;
      run.cancelledBy = change.cancelledBy;
      run.endedAt = occurredAt;
      return;
    case 'rollbackEnded':
      run.status = change.status;
      run.endedAt = occurredAt;
      return;
    case 'touched':
      return;
    default:
      throw unknownEffect(change);
  }
}
