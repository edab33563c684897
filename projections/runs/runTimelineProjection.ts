import type { RecordedEvent, StepRecordedData } from '../../domain/index.js';
import { NO_EFFECTS, defineProjection } from '../projection.js';
import { RUN_STEPS_SCHEMA, runStepsWriter } from './runStepsTable.js';
import type { StepAppended } from './runStepsTable.js';
import { runIdOf } from './runsProjection.js';

/** A run's timeline: every StepRecorded of a run stream becomes one step, in stream order. */
export function evolveRunTimeline(event: RecordedEvent): readonly StepAppended[] {
  if (event.type !== 'StepRecorded') return NO_EFFECTS;
  const runId = runIdOf(event);
  if (runId === null) return NO_EFFECTS;
  const { stepNumber, kind, summary, payload } = event.data as unknown as StepRecordedData;
  const { tenant, occurredAt } = event.meta;
  const step = {
    runId,
    stepNumber,
    kind,
    summary,
    payload,
    recordedAt: occurredAt,
    position: event.position,
    eventId: event.id,
  };
  return [{ tenant, step }];
}

export const runTimelineProjection = defineProjection<StepAppended>({
  name: 'run_timeline',
  version: 1,
  schema: RUN_STEPS_SCHEMA,
  evolve: evolveRunTimeline,
  writer: runStepsWriter,
});
