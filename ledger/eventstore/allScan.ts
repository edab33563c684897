import { FORWARDS, START } from '@eventstore/db-client';
import type { AllStreamRecordedEvent, EventStoreDBClient } from '@eventstore/db-client';
import { LedgerError } from '../../domain/index.js';
import { comparePositions, showPosition } from './positionIndex.js';
import type { LogPosition } from './positionIndex.js';

/**
 * A page that brings nothing new grows up to this: more than the largest append (10,000 events by default), so a
 * server that restarts a read at the beginning of a multi-event commit still gets past it.
 */
const MAX_PAGE = 1 << 17;

/**
 * Reads `$all` forwards from `from` (inclusive; 'start' for the beginning) to its end as it is while reading,
 * in pages of `pageSize` events, yielding only events after `after` (null: all). Stops when a page comes back
 * short: the end. Breaking out of the iteration stops reading (every page is bounded).
 *
 * Client errors propagate unchanged (callers map them with `toLedgerError`).
 * @throws LedgerError STORAGE_IO when `$all` will not move past a position even with the largest page.
 */
export async function* scanAll(
  client: EventStoreDBClient,
  from: LogPosition | 'start',
  after: LogPosition | null,
  pageSize: number,
): AsyncGenerator<AllStreamRecordedEvent> {
  let size = Math.max(2, pageSize);
  let position: LogPosition | typeof START = from === 'start' ? START : from;
  let last = after;
  for (;;) {
    let count = 0;
    const pageStart = last;
    for await (const resolved of client.readAll({
      fromPosition: position,
      direction: FORWARDS,
      maxCount: size,
    })) {
      count++;
      const event = resolved.event;
      if (event === undefined || (last !== null && comparePositions(event.position, last) <= 0)) continue;
      last = event.position;
      yield event;
    }
    if (count < size || last === null) return;
    if (last !== pageStart) {
      size = Math.max(2, pageSize);
      position = last;
    } else if (size < MAX_PAGE) {
      size *= 2;
    } else {
      throw new LedgerError(
        'STORAGE_IO',
        `storage: EventStoreDB $all does not move past ${showPosition(last)}`,
        {
          eventStoreError: 'all-stuck',
          eventStorePosition: showPosition(last),
        },
      );
    }
  }
}
