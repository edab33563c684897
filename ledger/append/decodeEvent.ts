import { LedgerError } from '../../domain/index.js';
import type { EncodedEvent, EventMeta, JsonValue, RecordedEvent } from '../../domain/index.js';

/**
 * Turns a stored encoding into the event writers and readers see.
 *
 * @throws LedgerError `STORAGE_CORRUPT` (details: stream, revision, position, field) when the stored `data` or
 *   `meta` is not JSON: only an edit of the store behind MIR's back can do that, and the event is named so that
 *   verification can report it where it is.
 */
export function decodeEvent(encoded: EncodedEvent): RecordedEvent {
  return {
    id: encoded.id,
    stream: encoded.stream,
    revision: encoded.revision,
    position: encoded.position,
    type: encoded.type,
    schemaVersion: encoded.schemaVersion,
    data: parseStored(encoded, 'data') as JsonValue,
    meta: parseStored(encoded, 'meta') as EventMeta,
    prevHash: encoded.prevHash,
    hash: encoded.hash,
  };
}

function parseStored(encoded: EncodedEvent, field: 'data' | 'meta'): unknown {
  try {
    return JSON.parse(encoded[field]);
  } catch {
    const { stream, revision, position } = encoded;
    throw new LedgerError(
      'STORAGE_CORRUPT',
      `stored event at position ${position} (stream ${stream}, revision ${revision}) has ${field} that is not JSON`,
      { stream, revision, position, field },
    );
  }
}
