import type { RecordedEvent } from '../eventEnvelope.js';
import type { JsonValue } from '../json.js';

/**
 * An event as a registry stream (`model-…`, `tool-…`) holds it at `revision`: id and correlation `e<revision>`,
 * position 10 + revision, one second per revision from 2026-11-23T12:00:00Z, no hashes. For the registration
 * deciders' given/when/then tests.
 */
export function storedEvent(
  stream: string,
  type: string,
  data: object,
  revision: number,
  tenant = 'acme',
): RecordedEvent {
  return {
    id: `e${revision}`,
    type,
    schemaVersion: 1,
    data: data as JsonValue,
    meta: {
      tenant,
      actor: { kind: 'user', id: 'u' },
      correlationId: `e${revision}`,
      causationId: `e${revision}`,
      occurredAt: `2026-11-23T12:00:0${revision}.000Z`,
    },
    stream,
    revision,
    position: 10 + revision,
    prevHash: '',
    hash: '',
  };
}
