import { asData } from './eventData.js';
import { SUMMARIES } from './eventSummaries.js';
import type { SummaryMemory } from './eventSummaries.js';

/** A run event as the timeline receives it (the `runEvents` selection). */
export interface RunEventItem {
  readonly id: string;
  readonly position: number;
  readonly type: string;
  readonly occurredAt: string;
  /** `apiKey` is the key behind a service actor (its label names it for people); null for others. */
  readonly actor: {
    readonly kind: string;
    readonly id: string;
    readonly apiKey: { readonly label: string } | null;
  };
  readonly data: unknown;
}

/** A timeline row: the event without its data (which can be large), and its one-line summary. */
export interface TimelineEntry {
  readonly id: string;
  readonly position: number;
  readonly type: string;
  readonly occurredAt: string;
  /** Who recorded it: the API key's label, or the actor's kind and id. */
  readonly actor: string;
  readonly summary: string;
}

/**
 * Summarises a run's events in ledger order, one human line each. It remembers what earlier events said (the
 * tool of each call, the label of each key that acted), so feed it every event of the run once, in order; a later
 * event about a call it has not seen still gets a line, with "tool call" for the tool, and a key it has not seen
 * acting is named by its id.
 */
export function createEventSummarizer(): (event: RunEventItem) => TimelineEntry {
  const memory: SummaryMemory = { tools: new Map(), people: new Map() };
  return (event) => {
    const label = event.actor.apiKey?.label;
    if (label !== undefined) memory.people.set(event.actor.id, label);
    const summarize = SUMMARIES[event.type];
    return {
      id: event.id,
      position: event.position,
      type: event.type,
      occurredAt: event.occurredAt,
      actor: label ?? `${event.actor.kind} ${event.actor.id}`,
      summary: summarize === undefined ? event.type : summarize(asData(event.data), memory),
    };
  };
}
