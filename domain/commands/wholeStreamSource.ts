import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { EventLog } from '../ports/eventLog.js';
import type { EventIds } from './commandKeys.js';
import type { Folded, StreamSource } from './commandHandler.js';

const PAGE = 10_000;

/** Every event of `stream`, in revision order (paged reads). */
export async function readWholeStream(log: EventLog, stream: string): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let from = 0; ; from += PAGE) {
    const page = await log.readStream(stream, { fromRevision: from, maxCount: PAGE });
    events.push(...page);
    if (page.length < PAGE) return events;
  }
}

/** The events a keyed command appended: the one with id `eventIds(0)` and those that follow with its ids. */
export function recordedIn(history: readonly RecordedEvent[], eventIds: EventIds): RecordedEvent[] {
  const first = history.findIndex((event) => event.id === eventIds(0));
  if (first < 0) return [];
  const recorded: RecordedEvent[] = [];
  for (let index = first; index < history.length && history[index]!.id === eventIds(recorded.length); index++)
    recorded.push(history[index]!);
  return recorded;
}

/**
 * A source that reads and folds the whole stream on every load: for the short streams of registries, policies,
 * tenants and memories, where a command is rare and the stream small. `fold` gets the whole history.
 */
export function wholeStreamSource<State>(
  log: EventLog,
  stream: string,
  fold: (history: readonly RecordedEvent[]) => State,
): StreamSource<State> & { history(): readonly RecordedEvent[] } {
  let history: readonly RecordedEvent[] = [];
  return {
    async load(): Promise<Folded<State>> {
      history = await readWholeStream(log, stream);
      return { state: fold(history), revision: history.at(-1)?.revision ?? null };
    },
    recorded: (eventIds) => Promise.resolve(recordedIn(history, eventIds)),
    appended(events) {
      history = [...history, ...events];
    },
    history: () => history,
  };
}
