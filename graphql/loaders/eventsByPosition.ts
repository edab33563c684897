import type { EventLog, RecordedEvent } from '../../domain/index.js';

/** Positions closer than this are read in one range (reading a few unwanted events beats another round trip). */
const MAX_GAP = 64;
/** The log's largest single read. */
const MAX_SPAN = 10_000;

/** Groups ascending unique positions into [first, last] ranges to read in one call each. */
export function positionSpans(positions: readonly number[]): Array<readonly [number, number]> {
  const sorted = [...new Set(positions)].sort((a, b) => a - b);
  const spans: Array<[number, number]> = [];
  for (const position of sorted) {
    const last = spans.at(-1);
    if (last !== undefined && position - last[1] <= MAX_GAP && position - last[0] < MAX_SPAN)
      last[1] = position;
    else spans.push([position, position]);
  }
  return spans;
}

/**
 * Reads the events at `positions` from the log, one `readAll` per span of nearby positions, and returns them in
 * the order asked (null where the log has no such position, or the event belongs to another tenant).
 */
export async function eventsByPosition(
  log: EventLog,
  tenant: string,
  positions: readonly number[],
): Promise<Array<RecordedEvent | null>> {
  const valid = positions.filter((position) => Number.isSafeInteger(position) && position >= 0);
  const pages = await Promise.all(
    positionSpans(valid).map(([from, to]) => log.readAll({ fromPosition: from, maxCount: to - from + 1 })),
  );
  const byPosition = new Map<number, RecordedEvent>();
  for (const event of pages.flat()) if (event.meta.tenant === tenant) byPosition.set(event.position, event);
  return positions.map((position) => byPosition.get(position) ?? null);
}
