import { foldRun, runStream } from '../domain/index.js';
import type { EventLog, RecordedEvent, RunState } from '../domain/index.js';
import { ProjectionError } from './projectionErrors.js';
import type { RunStep, RunSummary } from './readModelQueries.js';
import { evolveRunTimeline } from './runs/runTimelineProjection.js';
import { wallTimeMs } from './runs/runsTable.js';

/** A run as it stood at a global position. */
export interface RunAsOf {
  /** The domain's fold (`foldRun`) of the run stream's events at or before the position. */
  readonly state: RunState;
  /** The same run in the runs read model's shape: what its row held once the position was applied. */
  readonly summary: RunSummary;
  /** Its timeline then, in order. */
  readonly steps: readonly RunStep[];
  /** The run stream's events it was folded from (position <= asOf), in order: what explain reads sections from. */
  readonly events: readonly RecordedEvent[];
}

const PAGE = 1000;

/**
 * Time travel: reads the run's stream from the ledger and folds only its events with position <= `asOf`, so the
 * answer is the evidence itself, independent of the read models. Null when the run did not exist by then or
 * belongs to another tenant (never told apart). INVALID_POSITION unless `asOf` is an integer >= 0; ledger
 * errors pass through.
 */
export async function runAsOf(
  log: EventLog,
  tenant: string,
  runId: string,
  asOf: number,
): Promise<RunAsOf | null> {
  if (!Number.isSafeInteger(asOf) || asOf < 0) {
    throw new ProjectionError('INVALID_POSITION', 'asOf must be an integer >= 0', { asOf });
  }
  const events = await streamUpTo(log, runStream(runId), asOf);
  const state = foldRun(events);
  if (state.status === null || state.tenant !== tenant) return null;
  return { state, summary: summaryOf(runId, state, events), steps: events.flatMap(stepsOf), events };
}

/**
 * The run one event later, folded on from `previous` without reading its stream again: the answer `runAsOf` gives
 * at `event.position`. Precondition: `event` is the run stream's next event (revision one past `previous`'s last);
 * the caller checks it (`isNextOf`). `previous` is left as it was (the fold's state is never changed in place).
 */
export function runAsOfNext(previous: RunAsOf, event: RecordedEvent): RunAsOf {
  const state = foldRun([event], previous.state);
  const events = [...previous.events, event];
  const runId = previous.summary.runId;
  return {
    state,
    summary: summaryOf(runId, state, events),
    steps: [...previous.steps, ...stepsOf(event)],
    events,
  };
}

/** Whether `event` is the next event of the run `previous` was folded from. */
export function isNextOf(previous: RunAsOf, event: RecordedEvent): boolean {
  const last = previous.events[previous.events.length - 1];
  return last !== undefined && last.stream === event.stream && event.revision === last.revision + 1;
}

/** The stream's events with position <= asOf: positions grow with revisions, so reading stops at the first past it. */
async function streamUpTo(log: EventLog, stream: string, asOf: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let from = 0; ; from += PAGE) {
    const page = await log.readStream(stream, { fromRevision: from, maxCount: PAGE });
    for (const event of page) {
      if (event.position > asOf) return events;
      events.push(event);
    }
    if (page.length < PAGE) return events;
  }
}

/** The fold's facts in the read model's shape; when it last changed comes from its last event. */
function summaryOf(runId: string, state: RunState, events: readonly RecordedEvent[]): RunSummary {
  const last = events[events.length - 1]!;
  const startedAt = new Date(state.startedAt!).toISOString();
  const endedAt = state.endedAt === null ? null : new Date(state.endedAt).toISOString();
  return {
    runId,
    tenant: state.tenant!,
    status: state.status!,
    goal: state.goal,
    agent: state.agent,
    input: state.input,
    budget: state.budget,
    stepCount: state.steps,
    inferenceCalls: state.inferenceCalls,
    toolCalls: state.toolCalls,
    pendingApprovals: state.pendingApprovals,
    output: state.output,
    failureReason: state.failureReason,
    cancelReason: state.cancellation?.reason ?? null,
    cancelledBy: state.cancellation?.by ?? null,
    startedAt,
    updatedAt: last.meta.occurredAt,
    endedAt,
    startedBy: state.startedBy!,
    wallTimeMs: wallTimeMs(startedAt, endedAt, last.meta.occurredAt),
    lastPosition: last.position,
    revision: last.revision,
  };
}

function stepsOf(event: RecordedEvent): RunStep[] {
  return evolveRunTimeline(event).map((change) => change.step);
}
