import type { EncodedEvent } from '../../domain/index.js';

/** Columns of the `events` table (SQLite and PostgreSQL alike) in the order every statement selects them. */
export const EVENT_COLUMNS =
  'position, stream, revision, id, type, schema_version, data, meta, prev_hash, hash';

export type EventRow = [
  position: number,
  stream: string,
  revision: number,
  id: string,
  type: string,
  schemaVersion: number,
  data: string,
  meta: string,
  prevHash: string,
  hash: string,
];

export function rowToEncoded(row: EventRow): EncodedEvent {
  return {
    position: row[0],
    stream: row[1],
    revision: row[2],
    id: row[3],
    type: row[4],
    schemaVersion: row[5],
    data: row[6],
    meta: row[7],
    prevHash: row[8],
    hash: row[9],
  };
}

export function encodedToParams(event: EncodedEvent): EventRow {
  return [
    event.position,
    event.stream,
    event.revision,
    event.id,
    event.type,
    event.schemaVersion,
    event.data,
    event.meta,
    event.prevHash,
    event.hash,
  ];
}
