import { binaryEvent } from '@eventstore/db-client';
import type { BinaryEventData } from '@eventstore/db-client';
import { LedgerError } from '../../domain/index.js';
import type { EncodedEvent } from '../../domain/index.js';
import { canonicalJson } from '../portable/canonicalJson.js';
import { mirStreamName } from './streamNamespace.js';

/** Version of the metadata layout below; a reader refuses any other. */
export const ENVELOPE_VERSION = 1;

/**
 * One MIR event as an EventStoreDB event:
 * - ESDB event id = MIR event id; ESDB event type = MIR type; ESDB stream = `<namespace>.<MIR stream>`;
 *   ESDB stream revision = MIR revision (both count from 0 per stream);
 * - data = the UTF-8 bytes of the canonical JSON `data` text MIR hashed, as a binary event
 *   (`application/octet-stream`), so neither the client nor the server re-serialises it;
 * - metadata = the UTF-8 bytes of the canonical JSON (RFC 8785) of
 *   `{"hash":<hex>,"meta":<canonical meta text, as a JSON string>,"mir":1,"prevHash":<hex>,"schemaVersion":<n>}`.
 * The global position is not stored: it is the event's leaf index in the namespace's `$all` order.
 */
export function toEventStoreEvent(event: EncodedEvent): BinaryEventData {
  const metadata = canonicalJson({
    hash: event.hash,
    meta: event.meta,
    mir: ENVELOPE_VERSION,
    prevHash: event.prevHash,
    schemaVersion: event.schemaVersion,
  });
  return binaryEvent({
    id: event.id,
    type: event.type,
    data: Buffer.from(event.data, 'utf8'),
    metadata: Buffer.from(metadata, 'utf8'),
  });
}

/** The fields of an ESDB recorded event this decoder reads (the client's `RecordedEvent` has them). */
export interface StoredEventStoreEvent {
  readonly streamId: string;
  readonly id: string;
  readonly revision: bigint;
  readonly type: string;
  readonly isJson: boolean;
  readonly data: unknown;
  /** The client hands metadata over JSON-parsed when it parses, else as the raw bytes. */
  readonly metadata: unknown;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const HEX_HASH = /^[0-9a-f]{64}$/;
const METADATA_KEYS = ['hash', 'meta', 'mir', 'prevHash', 'schemaVersion'];
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Reads a stored ESDB event of the namespace with `prefix` back into MIR's stored encoding, at leaf `position`.
 * Nothing is trusted: every field is checked, and the hash is left for verification to recompute.
 *
 * @throws LedgerError STORAGE_CORRUPT (details: stream, revision, position, field) when any field is not what
 *   `toEventStoreEvent` writes: only a write into the namespace behind MIR's back can do that.
 */
export function fromEventStoreEvent(
  stored: StoredEventStoreEvent,
  prefix: string,
  position: number,
): EncodedEvent {
  const corrupt = (field: string, reason: string) =>
    new LedgerError(
      'STORAGE_CORRUPT',
      `stored event at position ${position} (ESDB stream ${stored.streamId}, revision ${stored.revision}) has ${field} that ${reason}`,
      { stream: stored.streamId, revision: revisionDetail(stored.revision), position, field, reason },
    );
  const stream = mirStreamName(prefix, stored.streamId);
  if (stream === null) throw corrupt('stream', 'is not a MIR stream of this namespace');
  if (stored.revision > BigInt(Number.MAX_SAFE_INTEGER)) throw corrupt('revision', 'is out of range');
  if (!UUID.test(stored.id)) throw corrupt('id', 'is not a lowercase UUID');
  if (stored.type.length === 0) throw corrupt('type', 'is empty');
  if (stored.isJson || !(stored.data instanceof Uint8Array)) throw corrupt('data', 'is not a binary event');
  let data: string;
  try {
    data = utf8.decode(stored.data);
  } catch {
    throw corrupt('data', 'is not UTF-8');
  }
  const metadata = readMetadata(stored.metadata);
  if (typeof metadata === 'string') throw corrupt('metadata', metadata);
  return {
    position,
    stream,
    revision: Number(stored.revision),
    id: stored.id,
    type: stored.type,
    schemaVersion: metadata.schemaVersion,
    data,
    meta: metadata.meta,
    prevHash: metadata.prevHash,
    hash: metadata.hash,
  };
}

interface EnvelopeMetadata {
  readonly hash: string;
  readonly meta: string;
  readonly prevHash: string;
  readonly schemaVersion: number;
}

/** The metadata's fields, or the reason it is not MIR's envelope. */
function readMetadata(metadata: unknown): EnvelopeMetadata | string {
  if (
    typeof metadata !== 'object' ||
    metadata === null ||
    Array.isArray(metadata) ||
    metadata instanceof Uint8Array
  )
    return 'is not a JSON object';
  const fields = metadata as Record<string, unknown>;
  const keys = Object.keys(fields).sort();
  if (keys.join() !== METADATA_KEYS.join())
    return `has keys ${keys.join(',')}, not ${METADATA_KEYS.join(',')}`;
  const { hash, meta, mir, prevHash, schemaVersion } = fields;
  if (mir !== ENVELOPE_VERSION) return `has envelope version ${String(mir)}`;
  if (typeof meta !== 'string') return 'has a meta that is not a string';
  if (typeof hash !== 'string' || !HEX_HASH.test(hash)) return 'has a hash that is not 64 hex digits';
  if (typeof prevHash !== 'string' || !HEX_HASH.test(prevHash))
    return 'has a prevHash that is not 64 hex digits';
  if (!Number.isInteger(schemaVersion) || (schemaVersion as number) < 1 || (schemaVersion as number) > 65_535)
    return 'has a schemaVersion that is not an integer from 1 to 65535';
  return { hash, meta, prevHash, schemaVersion: schemaVersion as number };
}

function revisionDetail(revision: bigint): number | string {
  return revision <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(revision) : String(revision);
}
