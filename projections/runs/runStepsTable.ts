import type { Database } from 'better-sqlite3';
import type { JsonValue } from '../../domain/index.js';
import { batchedInsert } from '../batchedInsert.js';
import type { EffectWriter, TableSchema } from '../projection.js';
import type { RunStep } from '../readModelQueries.js';

/**
 * `run_steps`: one row per StepRecorded, keyed by its global position (so inserts append), with the run's tenant
 * copied in so that every read can be tenant-scoped without a join. A run's timeline is its rows in position order.
 */
export const RUN_STEPS_SCHEMA: TableSchema = {
  tables: ['run_steps'],
  create: `
CREATE TABLE IF NOT EXISTS run_steps (
  position INTEGER PRIMARY KEY,
  run_id TEXT NOT NULL,
  tenant TEXT NOT NULL,
  step_number INTEGER NOT NULL,
  kind TEXT NOT NULL,
  summary TEXT NOT NULL,
  payload_json TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  event_id TEXT NOT NULL
);
`,
  indexes: `
CREATE INDEX IF NOT EXISTS run_steps_by_run ON run_steps (run_id, position);
`,
};

/** The timeline's one change: a step to append, with the tenant it belongs to. */
export interface StepAppended {
  readonly tenant: string;
  readonly step: RunStep;
}

export function runStepsWriter(db: Database): EffectWriter<StepAppended> {
  const rows = batchedInsert(db, 'run_steps', [
    'position',
    'run_id',
    'tenant',
    'step_number',
    'kind',
    'summary',
    'payload_json',
    'recorded_at',
    'event_id',
  ]);
  return {
    write({ tenant, step }) {
      const { position, runId, stepNumber, kind, summary, recordedAt, eventId } = step;
      rows.add(
        position,
        runId,
        tenant,
        stepNumber,
        kind,
        summary,
        JSON.stringify(step.payload),
        recordedAt,
        eventId,
      );
    },
    flush: () => rows.flush(),
  };
}

export const RUN_STEP_COLUMNS =
  'run_id, step_number, kind, summary, payload_json, recorded_at, position, event_id';

export type RunStepRow = [
  runId: string,
  stepNumber: number,
  kind: string,
  summary: string,
  payload: string,
  recordedAt: string,
  position: number,
  eventId: string,
];

export function toRunStep(row: RunStepRow): RunStep {
  return {
    runId: row[0],
    stepNumber: row[1],
    kind: row[2],
    summary: row[3],
    payload: JSON.parse(row[4]) as JsonValue,
    recordedAt: row[5],
    position: row[6],
    eventId: row[7],
  };
}
