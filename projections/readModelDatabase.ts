import Database from 'better-sqlite3';
import type { Database as SqliteDatabase } from 'better-sqlite3';
import { discardInterruptedBulkLoad } from './bulkLoad.js';
import { DEFAULT_PROJECTIONS } from './defaultProjections.js';
import type { ProjectionDefinition } from './projection.js';
import { POSITIONS_SCHEMA, ensureProjectionTables } from './projectionPositions.js';
import { ProjectionError, isProjectionError } from './projectionErrors.js';

/** Version of the file layout below (meta and positions tables); each projection versions its own tables. */
export const READ_MODEL_FORMAT = 'mir-readmodels-sqlite-1';
const FORMAT_FAMILY = 'mir-readmodels-';

/** Conventional file name, next to `ledger.db` in the data directory. */
export const READ_MODEL_FILE_NAME = 'readmodels.db';

export interface ReadModelDatabaseOptions {
  /** How long a statement waits for another connection's lock. Default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /** The projections whose tables the file must hold. Default: DEFAULT_PROJECTIONS. */
  readonly projections?: readonly ProjectionDefinition[];
}

/**
 * Opens (creating if needed) the read-model file: a SEPARATE SQLite file from the ledger, so that rebuilding or
 * deleting it never touches evidence. WAL with synchronous=NORMAL: a power cut may lose the last transactions,
 * but each transaction holds rows together with the position that covers them, so the file is only ever behind
 * the ledger, never inconsistent, and the runner catches up from its stored position.
 *
 * A read-model file of another format version is emptied and rebuilt (everything in it is derived), and so is
 * one whose rebuild was interrupted (see `beginBulkLoad`); a file that holds tables but is not a read-model file
 * (the ledger, say) is refused with READ_MODEL_FORMAT. One process at a time may hold a read-model file.
 */
export function openReadModelDatabase(file: string, options: ReadModelDatabaseOptions = {}): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    discardInterruptedBulkLoad(file);
    db = new Database(file, { timeout: options.busyTimeoutMs ?? 5000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    // As for the ledger: copy the WAL back every ~40 MB rather than ~4 MB (a rebuild writes hot index pages
    // once per checkpoint), and truncate it to 64 MB at most afterwards.
    db.pragma('wal_autocheckpoint = 10000');
    db.pragma(`journal_size_limit = ${64 * 1024 * 1024}`);
    db.pragma('cache_size = -65536');
    db.pragma('temp_store = MEMORY');
    ensureFormat(db);
    ensureProjectionTables(db, options.projections ?? DEFAULT_PROJECTIONS);
    return db;
  } catch (error) {
    db?.close();
    throw isProjectionError(error) ? error : storageError(file, error);
  }
}

function ensureFormat(db: SqliteDatabase): void {
  const tables = db
    .prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all();
  const format = tables.includes('read_model_meta')
    ? db.prepare<[], string>("SELECT value FROM read_model_meta WHERE key = 'format'").pluck().get()
    : undefined;
  if (format === READ_MODEL_FORMAT) return;
  if (tables.length > 0 && !format?.startsWith(FORMAT_FAMILY)) {
    throw new ProjectionError('READ_MODEL_FORMAT', 'not a MIR read-model file: refusing to change it', {
      expected: READ_MODEL_FORMAT,
      actual: format ?? null,
    });
  }
  db.transaction(() => {
    for (const table of tables) db.exec(`DROP TABLE IF EXISTS "${table}"`);
    db.exec('CREATE TABLE read_model_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID');
    db.prepare("INSERT INTO read_model_meta (key, value) VALUES ('format', ?)").run(READ_MODEL_FORMAT);
    db.exec(POSITIONS_SCHEMA);
  }).immediate();
}

function storageError(file: string, error: unknown): ProjectionError {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  return new ProjectionError(
    'READ_MODEL_STORAGE',
    `read-model file ${file}: ${message}`,
    { file, sqliteCode: typeof code === 'string' ? code : 'UNKNOWN' },
    error,
  );
}
