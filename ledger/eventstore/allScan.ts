import { FORWARDS, START } from '@eventstore/db-client';
import type { AllStreamRecordedEvent, EventStoreDBClient } from '@eventstore/db-client';
import { comparePositions } from './positionIndex.js';
import type { LogPosition } from './positionIndex.js';

/**
 * Reads `$all` forwards from `from` (inclusive; 'start' for the beginning) to its end as it is while reading,
 * in pages of `pageSize` events, yielding only events after `after` (null: all). Stops when a page comes back
 * short: the end. Breaking out of the iteration cancels the read in flight.
 *
 * Client errors propagate unchanged (callers map them with `toLedgerError`).
 */
export async function* scanAll(
  client: EventStoreDBClient,
  from: LogPosition | 'start',
  after: LogPosition | null,
  pageSize: number,
): AsyncGenerator<AllStreamRecordedEvent> {
  const size = Math.max(2, pageSize);
  let position: LogPosition | typeof START = from === 'start' ? START : from;
  let last = after;
  for (;;) {
    let count = 0;
    const pageStart = last;
    const page = client.readAll({ fromPosition: position, direction: FORWARDS, maxCount: size });
    for await (const resolved of page) {
      count++;
      const event = resolved.event;
      if (event === undefined || (last !== null && comparePositions(event.position, last) <= 0)) continue;
      last = event.position;
      yield event;
    }
    // A short page is the end; a full page that brought nothing new cannot move on either.
    if (count < size || last === null || last === pageStart) return;
    position = last;
  }
}
