import type { EventStoreDBClient } from '@eventstore/db-client';
import { LedgerError } from '../../domain/index.js';
import type { EncodedEvent } from '../../domain/index.js';
import { scanAll } from './allScan.js';
import { fromEventStoreEvent } from './eventStoreEnvelope.js';
import { comparePositions, showPosition } from './positionIndex.js';
import type { PositionIndex } from './positionIndex.js';
import { mirStreamName } from './streamNamespace.js';

/** Most `$all` events one page of a leaf read asks for: the leaves wanted plus room for other namespaces'. */
const MAX_PAGE = 4096;

/**
 * The stored encodings of leaves [from, from + count) that `index` knows, in leaf order: one `$all` read from the
 * first leaf's position, skipping events of other namespaces and the system's.
 *
 * @throws LedgerError STORAGE_CORRUPT when `$all` no longer holds a leaf where the index saw it, or when a stored
 *   event is not MIR's envelope (see `fromEventStoreEvent`).
 */
export async function readLeaves(
  client: EventStoreDBClient,
  index: PositionIndex,
  prefix: string,
  from: number,
  count: number,
): Promise<EncodedEvent[]> {
  const end = Math.min(index.length, from + Math.max(0, count));
  const start = index.positionAt(from);
  if (start === undefined || from >= end) return [];
  const events: EncodedEvent[] = [];
  let leaf = from;
  for await (const event of scanAll(client, start, null, Math.min(MAX_PAGE, end - from + 16))) {
    // A read from inside a multi-event commit may begin at its first event: what precedes the leaf is skipped.
    if (mirStreamName(prefix, event.streamId) === null || comparePositions(event.position, start) < 0)
      continue;
    const expected = index.positionAt(leaf)!;
    if (comparePositions(event.position, expected) !== 0) throw missingLeaf(leaf, showPosition(expected));
    events.push(fromEventStoreEvent(event, prefix, leaf));
    if (++leaf === end) break;
  }
  if (leaf < end) throw missingLeaf(leaf, showPosition(index.positionAt(leaf)!));
  return events;
}

function missingLeaf(leaf: number, position: string): LedgerError {
  return new LedgerError('STORAGE_CORRUPT', `leaf ${leaf} is no longer in $all at ${position}`, {
    position: leaf,
    eventStorePosition: position,
    field: 'position',
  });
}
