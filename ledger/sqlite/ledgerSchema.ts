import { LedgerError } from '../../domain/index.js';
import type { Database } from 'better-sqlite3';

/** Version of the on-disk layout below; a file written by another version is refused, never rewritten. */
export const LEDGER_FORMAT = 'mir-ledger-sqlite-1';

/**
 * One row per event, keyed by its global position (0-based, contiguous). `data` and `meta` hold the canonical
 * JSON the hash covers, `prev_hash`/`hash` lowercase hex. Triggers refuse UPDATE and DELETE so that no code path
 * of this process can rewrite history; someone editing the file directly is caught by `mir verify` instead.
 * `merkle_nodes` caches perfect Merkle subtrees (levels >= 8): derived data, recomputable from `events`.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  stream TEXT NOT NULL,
  revision INTEGER NOT NULL,
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  schema_version INTEGER NOT NULL,
  data TEXT NOT NULL,
  meta TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_id ON events (id);
CREATE UNIQUE INDEX IF NOT EXISTS events_by_stream ON events (stream, revision);
CREATE TRIGGER IF NOT EXISTS events_are_immutable BEFORE UPDATE ON events
  BEGIN SELECT RAISE(ABORT, 'ledger events are immutable'); END;
CREATE TRIGGER IF NOT EXISTS events_are_permanent BEFORE DELETE ON events
  BEGIN SELECT RAISE(ABORT, 'ledger events are permanent'); END;
CREATE TABLE IF NOT EXISTS merkle_nodes (
  level INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  hash BLOB NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
`;

/** Creates the schema on a new file, or checks the format of an existing one. */
export function ensureLedgerSchema(db: Database, readOnly: boolean): void {
  const hasMeta = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ledger_meta'")
    .get();
  if (!hasMeta) {
    if (readOnly) throw new LedgerError('STORAGE_CORRUPT', 'not a MIR ledger: no ledger_meta table', {});
    db.transaction(() => {
      db.exec(SCHEMA);
      db.prepare("INSERT INTO ledger_meta (key, value) VALUES ('format', ?)").run(LEDGER_FORMAT);
    }).immediate();
    return;
  }
  const row = db.prepare("SELECT value FROM ledger_meta WHERE key = 'format'").get() as
    { value: string } | undefined;
  if (row?.value !== LEDGER_FORMAT) {
    throw new LedgerError('STORAGE_CORRUPT', `unsupported ledger format ${row?.value ?? 'none'}`, {
      expected: LEDGER_FORMAT,
      actual: row?.value ?? null,
    });
  }
}
