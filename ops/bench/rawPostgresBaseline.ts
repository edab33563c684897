import type pg from 'pg';
import { benchEvent, idSource } from './benchEvents.js';
import type { AppendFn } from './closedLoop.js';
import { rawEventColumns } from './rawBaseline.js';

/**
 * The baseline the PostgreSQL ledger is measured against: the same rows (same columns, a unique id, a unique
 * stream revision, a generated position) inserted as a naive application would, one plain `INSERT` per event in
 * its own autocommit transaction through a `pg.Pool`: no validation, canonical encoding, hashing, revision check,
 * ordering lock or group commit.
 */
export async function createRawEventsTable(pool: pg.Pool): Promise<void> {
  await pool.query(`CREATE TABLE raw_events (
    position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream text NOT NULL,
    revision bigint NOT NULL,
    id text NOT NULL UNIQUE,
    type text NOT NULL,
    schema_version integer NOT NULL,
    data text NOT NULL,
    meta text NOT NULL,
    prev_hash text NOT NULL,
    hash text NOT NULL,
    UNIQUE (stream, revision)
  )`);
}

/** The AppendFn of the raw baseline: one bench event per call, revision = the writer's call number. */
export function rawPostgresAppender(pool: pg.Pool): AppendFn {
  const nextId = idSource();
  return async (stream, _writer, step) => {
    const event = benchEvent(nextId, step);
    await pool.query(
      'INSERT INTO raw_events (stream, revision, id, type, schema_version, data, meta, prev_hash, hash) ' +
        'VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
      rawEventColumns(event, stream, step),
    );
  };
}
