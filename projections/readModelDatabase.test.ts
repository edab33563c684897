import { existsSync, writeFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteEventLog } from '../ledger/index.js';
import { errorCodeOf } from '../ledger/testing/errorCodeOf.js';
import { testEvents } from '../ledger/testing/testEvents.js';
import { bulkLoadMarker } from './bulkLoad.js';
import { READ_MODEL_FORMAT, openReadModelDatabase } from './readModelDatabase.js';
import { tempDir } from './testing/readModelFixture.js';
import type { TempDir } from './testing/readModelFixture.js';

describe('read-model database', () => {
  let dir: TempDir;
  beforeEach(() => (dir = tempDir()));
  afterEach(() => dir.dispose());

  const tables = (db: Database.Database) =>
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();

  it('given a new file, then WAL, synchronous=NORMAL, the format and every table', () => {
    const db = openReadModelDatabase(dir.file('readmodels.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.prepare("SELECT value FROM read_model_meta WHERE key = 'format'").pluck().get()).toBe(
      READ_MODEL_FORMAT,
    );
    // memories_fts is an FTS5 virtual table; the memories_fts_* tables are its shadow tables.
    expect(tables(db)).toEqual([
      'api_keys',
      'audit_events',
      'memories',
      'memories_fts',
      'memories_fts_config',
      'memories_fts_content',
      'memories_fts_data',
      'memories_fts_docsize',
      'memories_fts_idx',
      'projection_positions',
      'read_model_meta',
      'run_forks',
      'run_steps',
      'runs',
    ]);
    db.close();
  });

  it('given a read-model file of another format version, then it is emptied and recreated', () => {
    const file = dir.file('readmodels.db');
    const old = new Database(file);
    old.exec('CREATE TABLE read_model_meta (key TEXT PRIMARY KEY, value TEXT); CREATE TABLE runs_v0 (x);');
    old.exec("INSERT INTO read_model_meta VALUES ('format', 'mir-readmodels-sqlite-0')");
    old.close();
    const db = openReadModelDatabase(file);
    expect(tables(db)).not.toContain('runs_v0');
    expect(db.prepare('SELECT count(position) FROM projection_positions').pluck().get()).toBe(0);
    db.close();
  });

  it('given the ledger file by mistake, then READ_MODEL_FORMAT and the ledger is left as it was', async () => {
    const file = dir.file('ledger.db');
    const log = openSqliteEventLog(file);
    await log.append('things', testEvents(3), 'no_stream');
    await log.close();
    expect(errorCodeOf(() => openReadModelDatabase(file))).toBe('READ_MODEL_FORMAT');
    const reopened = openSqliteEventLog(file, { readOnly: true });
    expect(await reopened.headPosition()).toBe(2);
    await reopened.close();
  });

  it('given the marker of an interrupted rebuild, then the file is discarded and created anew', () => {
    const file = dir.file('readmodels.db');
    const db = openReadModelDatabase(file);
    db.exec("INSERT INTO api_keys VALUES ('k', 'app', 't', 'l', 'h', 'now', 0, NULL, NULL, NULL)");
    db.close();
    writeFileSync(bulkLoadMarker(file), 'rebuilding');
    const reopened = openReadModelDatabase(file);
    expect(reopened.prepare('SELECT count(*) FROM api_keys').pluck().get()).toBe(0);
    expect(existsSync(bulkLoadMarker(file))).toBe(false);
    reopened.close();
  });

  it('given a directory that does not exist, then READ_MODEL_STORAGE', () => {
    expect(errorCodeOf(() => openReadModelDatabase(dir.file('missing/readmodels.db')))).toBe(
      'READ_MODEL_STORAGE',
    );
  });
});
