import Database from 'better-sqlite3';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { MirError } from '../domain/index.js';

/** The SQLite database whose lock is the data directory's lock. Never deleted (see `lockDataDir`). */
export const DATA_DIR_LOCK_FILE = 'server.lock';
/** Who holds the lock, for people: `{"pid":…,"command":…,"since":…}`. Informational only, never trusted. */
export const DATA_DIR_HOLDER_FILE = 'server.pid';

/** Who the holder file says holds the lock; null fields when it is missing, unreadable or being replaced. */
export interface DataDirHolder {
  readonly pid: number | null;
  readonly command: string | null;
}

/** Another live process (`mir serve`, `mir rebuild`, `mir checkpoint --now`) holds the data directory. */
export class DataDirInUseError extends MirError<'DATA_DIR_IN_USE'> {
  constructor(dataDir: string, holder: DataDirHolder) {
    super(
      'DATA_DIR_IN_USE',
      `${dataDir} is in use by ${holder.command ?? 'another mir process'} (pid ${holder.pid ?? 'unknown'}): stop it first`,
      { dataDir, lockFile: join(dataDir, DATA_DIR_LOCK_FILE), pid: holder.pid, command: holder.command },
    );
  }
}

/**
 * Takes the data directory for this process, or throws DataDirInUseError at once (no waiting). Returns the
 * release function (idempotent); call it only after everything opened under the lock is closed.
 *
 * The lock is SQLite's own file lock on `server.lock` (an exclusive lock held by an open write transaction in
 * `locking_mode=EXCLUSIVE`), which the kernel drops when the process dies, even by SIGKILL: no stale lock ever
 * needs clearing. SQLite also refuses a second connection in the same process, so two runtimes in one process
 * exclude each other too. The file is never deleted: a process that deleted it could leave a waiting opener
 * locking the old inode while a third creates and locks a new one. `command` names the holder in a refusal.
 *
 * Precondition: `dataDir` exists.
 */
export function lockDataDir(dataDir: string, command: string): () => void {
  const database = new Database(join(dataDir, DATA_DIR_LOCK_FILE), { timeout: 0 });
  try {
    database.pragma('locking_mode = EXCLUSIVE');
    database.exec('BEGIN EXCLUSIVE');
  } catch (error) {
    database.close();
    if ((error as { code?: string }).code === 'SQLITE_BUSY')
      throw new DataDirInUseError(dataDir, dataDirHolder(dataDir));
    throw error;
  }
  writeHolder(dataDir, command);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    rmSync(join(dataDir, DATA_DIR_HOLDER_FILE), { force: true });
    database.close();
  };
}

/** What the holder file says (for messages); it may be stale or missing, the lock alone decides. */
export function dataDirHolder(dataDir: string): DataDirHolder {
  try {
    const parsed = JSON.parse(readFileSync(join(dataDir, DATA_DIR_HOLDER_FILE), 'utf8')) as Partial<
      Record<keyof DataDirHolder, unknown>
    >;
    return {
      pid: Number.isSafeInteger(parsed.pid) ? (parsed.pid as number) : null,
      command: typeof parsed.command === 'string' ? parsed.command : null,
    };
  } catch {
    return { pid: null, command: null };
  }
}

/** Written after the lock is taken, by rename, so a reader sees a whole file or none. */
function writeHolder(dataDir: string, command: string): void {
  const path = join(dataDir, DATA_DIR_HOLDER_FILE);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(
    temporary,
    `${JSON.stringify({ pid: process.pid, command, since: new Date().toISOString() })}\n`,
    {
      mode: 0o600,
    },
  );
  renameSync(temporary, path);
}
