import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { MirError } from '../../domain/index.js';

export const SERVER_LOCK_FILE = 'server.pid';

/** A data directory is served by one `mir serve` at a time: read models and the checkpointer assume it. */
export class ServerLockError extends MirError<'DATA_DIR_IN_USE'> {
  constructor(dataDir: string, pid: number) {
    super('DATA_DIR_IN_USE', `another mir serve (pid ${pid}) is using ${dataDir}`, { dataDir, pid });
  }
}

/** The pid of the live server holding `dataDir`, or null (no lock, or one left by a process that is gone). */
export function serverHoldingDataDir(dataDir: string): number | null {
  let text: string;
  try {
    text = readFileSync(join(dataDir, SERVER_LOCK_FILE), 'utf8');
  } catch {
    return null;
  }
  const pid = Number(text.trim());
  return Number.isSafeInteger(pid) && pid > 0 && isAlive(pid) ? pid : null;
}

/**
 * Takes the data directory for this process (exclusive create of `server.pid`; a stale file from a dead process
 * is replaced). Returns the release function. Throws DATA_DIR_IN_USE when a live server holds it.
 */
export function lockDataDirForServer(dataDir: string): () => void {
  const path = join(dataDir, SERVER_LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o600);
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = serverHoldingDataDir(dataDir);
      if (holder !== null) throw new ServerLockError(dataDir, holder);
      rmSync(path, { force: true });
    }
  }
  throw new ServerLockError(dataDir, -1);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
