import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import { evolveRun, initialRunState } from '../runs/runDecider.js';
import type { RunState } from '../runs/runDecider.js';
import { toRunHistoryEvent } from '../runs/runFold.js';
import type { StepRecordedData } from '../runs/runEvents.js';
import { jsonEqual } from '../tools/jsonEqual.js';
import type { ReplayItem } from './replayEvents.js';

/** One step of a run's timeline as both sides know it. */
export interface StepMark {
  readonly stepNumber: number;
  readonly eventId: string;
}

/** A run as one side tells it: summary fields by name (status, counters, …) and its timeline. */
export interface RunFacts {
  readonly fields: { readonly [field: string]: JsonValue };
  readonly steps: readonly StepMark[];
}

export interface StateReplay {
  /** The run's state after every event, by the run's own fold (`evolveRun`). */
  readonly state: RunState;
  /** Steps checked (each `StepRecorded`). */
  readonly stepsChecked: number;
  /** One item per step whose number does not follow the state before it. */
  readonly items: readonly ReplayItem[];
}

/**
 * Rebuilds the run's state from its events alone, event by event with the run's fold, and checks at each
 * `StepRecorded` that its number follows the state folded so far (steps + 1). Pure. Precondition: `events` are
 * the run stream's events in revision order.
 */
export function replayRunStates(events: readonly RecordedEvent[]): StateReplay {
  let state = initialRunState;
  let stepsChecked = 0;
  const items: ReplayItem[] = [];
  for (const event of events) {
    if (event.type === 'StepRecorded') {
      stepsChecked++;
      const expected = state.steps + 1;
      const actual = (event.data as unknown as StepRecordedData).stepNumber;
      if (actual !== expected)
        items.push(
          stateItem(event.id, 'stepNumber', expected, actual, 'the step does not follow the previous one'),
        );
    }
    state = evolveRun(state, toRunHistoryEvent(event));
  }
  return { state, stepsChecked, items };
}

/**
 * Compares the run as the ledger's fold tells it (`rebuilt`) with the read model's row (`projected`, null when
 * the read model has no such run): one item per summary field of `rebuilt`, and one for the timeline, all about
 * `eventId` (the last event replayed). Pure.
 */
export function compareRunProjection(
  eventId: string,
  rebuilt: RunFacts,
  projected: RunFacts | null,
): ReplayItem[] {
  if (projected === null)
    return [
      stateItem(eventId, 'projection.run', 'present', null, 'the runs read model has no row for the run'),
    ];
  const items = Object.entries(rebuilt.fields).map(([field, expected]) => {
    const actual = projected.fields[field] ?? null;
    return stateItem(eventId, `projection.${field}`, expected, actual, null, jsonEqual(expected, actual));
  });
  const difference = firstStepDifference(rebuilt.steps, projected.steps);
  const note =
    difference === null
      ? null
      : `timeline differs at index ${difference.index}: ledger ${describe(difference.expected)}, ` +
        `read model ${describe(difference.actual)}`;
  items.push(
    stateItem(
      eventId,
      'projection.steps',
      rebuilt.steps.length,
      projected.steps.length,
      note,
      difference === null,
    ),
  );
  return items;
}

function firstStepDifference(
  expected: readonly StepMark[],
  actual: readonly StepMark[],
): { index: number; expected: StepMark | undefined; actual: StepMark | undefined } | null {
  for (let index = 0; index < Math.max(expected.length, actual.length); index++) {
    const [left, right] = [expected[index], actual[index]];
    if (left?.stepNumber !== right?.stepNumber || left?.eventId !== right?.eventId)
      return { index, expected: left, actual: right };
  }
  return null;
}

function describe(step: StepMark | undefined): string {
  return step === undefined ? 'nothing' : `step ${step.stepNumber} (event ${step.eventId})`;
}

function stateItem(
  eventId: string,
  subject: string,
  expected: JsonValue,
  actual: JsonValue,
  note: string | null,
  match = false,
): ReplayItem {
  return { check: 'state', eventId, subject, match, expected, actual, note, tolerance: null };
}
