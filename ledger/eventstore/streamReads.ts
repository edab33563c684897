import { BACKWARDS, END, FORWARDS, START, StreamNotFoundError } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { LedgerError } from '../../domain/index.js';
import type { ResolvedStreamRead } from '../append/readOptions.js';
import type { StoredEventStoreEvent } from './eventStoreEnvelope.js';
import type { LogPosition } from './positionIndex.js';

/** A stream's stored event with its place in `$all` (which readers turn into a leaf index). */
export interface StreamEvent {
  readonly stored: StoredEventStoreEvent;
  readonly position: LogPosition;
}

/**
 * Reads one ESDB stream as `read` says; a stream that does not exist reads as empty.
 * @throws LedgerError STORAGE_IO when the server does not report `$all` positions on stream reads (before 22.6).
 */
export async function readEventStoreStream(
  client: EventStoreDBClient,
  eventStoreStream: string,
  read: ResolvedStreamRead,
): Promise<StreamEvent[]> {
  const forwards = read.direction === 'forwards';
  const events: StreamEvent[] = [];
  try {
    const reading = client.readStream(eventStoreStream, {
      direction: forwards ? FORWARDS : BACKWARDS,
      fromRevision: read.fromRevision === undefined ? (forwards ? START : END) : BigInt(read.fromRevision),
      maxCount: read.maxCount,
    });
    for await (const resolved of reading) {
      const stored = resolved.event;
      if (stored === undefined) continue;
      if (stored.position === undefined) throw serverTooOld();
      events.push({ stored, position: stored.position });
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return [];
    throw error;
  }
  return events;
}

function serverTooOld(): LedgerError {
  return new LedgerError(
    'STORAGE_IO',
    'storage: EventStoreDB does not report $all positions on stream reads: MIR needs EventStoreDB 22.6 or later',
    { eventStoreError: 'position-missing' },
  );
}
