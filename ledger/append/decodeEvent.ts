import type { EncodedEvent, EventMeta, JsonValue, RecordedEvent } from '../../domain/index.js';

/** Turns a stored encoding into the event writers and readers see. */
export function decodeEvent(encoded: EncodedEvent): RecordedEvent {
  return {
    id: encoded.id,
    stream: encoded.stream,
    revision: encoded.revision,
    position: encoded.position,
    type: encoded.type,
    schemaVersion: encoded.schemaVersion,
    data: JSON.parse(encoded.data) as JsonValue,
    meta: JSON.parse(encoded.meta) as EventMeta,
    prevHash: encoded.prevHash,
    hash: encoded.hash,
  };
}
