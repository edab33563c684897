import type { RecordedEvent } from '../events/eventEnvelope.js';
import { evolveRun, initialRunState } from './runDecider.js';
import type { RunHistoryEvent, RunState } from './runDecider.js';

/** A stored run event as the run fold takes it: the event and every envelope fact the fold keeps. */
export function toRunHistoryEvent(event: RecordedEvent): RunHistoryEvent {
  return {
    type: event.type,
    data: event.data,
    revision: event.revision,
    tenant: event.meta.tenant,
    occurredAt: Date.parse(event.meta.occurredAt),
    id: event.id,
    position: event.position,
    hash: event.hash,
    actor: event.meta.actor.id,
    keyed: event.meta.idempotencyKey !== undefined,
  } as unknown as RunHistoryEvent;
}

/** The one fold of a run stream: `events` (in revision order, following `state`) folded into the run's state. */
export function foldRun(events: readonly RecordedEvent[], state: RunState = initialRunState): RunState {
  let folded = state;
  for (const event of events) folded = evolveRun(folded, toRunHistoryEvent(event));
  return folded;
}
