import type { JsonValue, RunBudget, RunForkOrigin, RunStatus } from '../../domain/index.js';
import type { TableSchema } from '../projection.js';
import type { RunSummary } from '../readModelQueries.js';

/**
 * `run_forks`: one row per fork (`run_id`), naming its source run, the source's position and step it was forked
 * at, the digest of the source's state there, the reason and who forked; `position` is the fork's `RunStarted`.
 *
 * `runs`: one row per run, the summary the API lists and loads. JSON columns hold `JSON.stringify` of the event's
 * value; timestamps are the events' `occurredAt` text. `started_position` (position of RunStarted) is the stable
 * order of listings; `last_position`/`revision` are the run stream's last event.
 */
export const RUNS_SCHEMA: TableSchema = {
  tables: ['runs', 'run_forks'],
  create: `
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  status TEXT NOT NULL,
  goal TEXT NOT NULL,
  agent TEXT NOT NULL,
  input_json TEXT NOT NULL,
  budget_json TEXT NOT NULL,
  step_count INTEGER NOT NULL DEFAULT 0,
  inference_calls INTEGER NOT NULL DEFAULT 0,
  tool_calls INTEGER NOT NULL DEFAULT 0,
  pending_approvals INTEGER NOT NULL DEFAULT 0,
  output_json TEXT NOT NULL DEFAULT 'null',
  failure_reason TEXT,
  cancel_reason TEXT,
  cancelled_by TEXT,
  started_at TEXT NOT NULL,
  started_by TEXT NOT NULL,
  started_position INTEGER NOT NULL,
  updated_at TEXT NOT NULL,
  ended_at TEXT,
  last_position INTEGER NOT NULL,
  revision INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS run_forks (
  run_id TEXT PRIMARY KEY,
  tenant TEXT NOT NULL,
  source_run_id TEXT NOT NULL,
  source_position INTEGER NOT NULL,
  step INTEGER NOT NULL,
  state_digest TEXT NOT NULL,
  reason TEXT NOT NULL,
  forked_by TEXT NOT NULL,
  position INTEGER NOT NULL
);
`,
  indexes: `
CREATE INDEX IF NOT EXISTS runs_by_tenant ON runs (tenant, started_position);
CREATE INDEX IF NOT EXISTS runs_by_status ON runs (tenant, status, started_position);
CREATE INDEX IF NOT EXISTS runs_by_agent ON runs (tenant, agent, started_position);
CREATE INDEX IF NOT EXISTS run_forks_by_source ON run_forks (tenant, source_run_id, position);
`,
};

/** Where a run event sits: the run, its global position, its stream revision and when it happened. */
export interface RunEventPoint {
  readonly runId: string;
  readonly position: number;
  readonly revision: number;
  readonly occurredAt: string;
}

/** A change to one `runs` row. Each mirrors one case of the domain's `evolveRun`. */
export type RunsChange =
  | {
      readonly kind: 'started';
      readonly at: RunEventPoint;
      readonly tenant: string;
      readonly startedBy: string;
      readonly goal: string;
      readonly agent: string;
      readonly input: JsonValue;
      readonly budget: RunBudget;
      /** The steps it starts with: a fork's fork step, else 0. */
      readonly stepCount: number;
      /** Where a fork continues from (a `run_forks` row); null for a run started fresh. */
      readonly forkedFrom: RunForkOrigin | null;
    }
  | { readonly kind: 'stepped'; readonly at: RunEventPoint; readonly stepCount: number }
  /** An inference was requested: one more call against `budget.maxInferenceCalls`. */
  | { readonly kind: 'inferred'; readonly at: RunEventPoint }
  /** A tool call was requested: one more call against `budget.maxToolCalls`. */
  | { readonly kind: 'toolRequested'; readonly at: RunEventPoint }
  /** Other work on the run (a completion requested): an active run is running from then on. */
  | { readonly kind: 'worked'; readonly at: RunEventPoint }
  /** An approval was requested (+1 pending) or granted, rejected or expired (-1 pending). */
  | { readonly kind: 'approvalOpened'; readonly at: RunEventPoint }
  | { readonly kind: 'approvalClosed'; readonly at: RunEventPoint }
  | { readonly kind: 'completed'; readonly at: RunEventPoint; readonly output: JsonValue }
  | { readonly kind: 'failed'; readonly at: RunEventPoint; readonly reason: string }
  | {
      readonly kind: 'cancelled';
      readonly at: RunEventPoint;
      readonly reason: string;
      readonly cancelledBy: string;
    }
  /** `RunRolledBack` / `RunRollbackFailed`: the rollback ended the run with this status. */
  | {
      readonly kind: 'rollbackEnded';
      readonly at: RunEventPoint;
      readonly status: 'rolled_back' | 'rollback_failed';
    }
  /** An event type this version does not know: only the stream's position moves, as in `evolveRun`. */
  | { readonly kind: 'touched'; readonly at: RunEventPoint };

/** Columns every runs query selects, in `RunRow` order. */
export const RUN_COLUMNS =
  'run_id, tenant, status, goal, agent, input_json, budget_json, step_count, output_json, failure_reason, ' +
  'cancel_reason, cancelled_by, started_at, updated_at, ended_at, started_by, last_position, revision, started_position, ' +
  'inference_calls, tool_calls, pending_approvals';

export type RunRow = [
  runId: string,
  tenant: string,
  status: string,
  goal: string,
  agent: string,
  input: string,
  budget: string,
  stepCount: number,
  output: string,
  failureReason: string | null,
  cancelReason: string | null,
  cancelledBy: string | null,
  startedAt: string,
  updatedAt: string,
  endedAt: string | null,
  startedBy: string,
  lastPosition: number,
  revision: number,
  startedPosition: number,
  inferenceCalls: number,
  toolCalls: number,
  pendingApprovals: number,
];

export function toRunSummary(row: RunRow): RunSummary {
  return {
    runId: row[0],
    tenant: row[1],
    status: row[2] as RunStatus,
    goal: row[3],
    agent: row[4],
    input: JSON.parse(row[5]) as JsonValue,
    budget: JSON.parse(row[6]) as RunBudget,
    stepCount: row[7],
    inferenceCalls: row[19],
    toolCalls: row[20],
    pendingApprovals: row[21],
    output: JSON.parse(row[8]) as JsonValue,
    failureReason: row[9],
    cancelReason: row[10],
    cancelledBy: row[11],
    startedAt: row[12],
    updatedAt: row[13],
    endedAt: row[14],
    startedBy: row[15],
    wallTimeMs: wallTimeMs(row[12], row[14], row[13]),
    lastPosition: row[16],
    revision: row[17],
  };
}

/** Milliseconds from the start to the end, or to the last update while the run is open. */
export function wallTimeMs(startedAt: string, endedAt: string | null, updatedAt: string): number {
  return Date.parse(endedAt ?? updatedAt) - Date.parse(startedAt);
}
