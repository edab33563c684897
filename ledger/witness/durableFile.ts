import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { WitnessError } from './witnessErrors.js';

/**
 * Replaces `path` with `content` so that a crash at any moment leaves either the old file or the new one, whole:
 * a temporary file beside it (mode 0600) is written and fsync-ed, renamed over `path`, and the folder fsync-ed so
 * the rename itself survives. Only then does the call return.
 *
 * @throws WitnessError `WITNESS_STATE_IO` (details: path, operation, errno); `path` is then unchanged.
 */
export function replaceFileDurably(path: string, content: Uint8Array): void {
  const temporary = `${path}.${process.pid}.tmp`;
  let operation = 'write';
  try {
    const fd = openSync(temporary, 'w', 0o600);
    try {
      for (let written = 0; written < content.length;)
        written += writeSync(fd, content, written, content.length - written);
      operation = 'fsync';
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    operation = 'rename';
    renameSync(temporary, path);
    operation = 'fsync folder';
    syncFolder(dirname(path));
  } catch (error) {
    removeQuietly(temporary);
    const errno = (error as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    throw new WitnessError(
      'WITNESS_STATE_IO',
      `cannot ${operation} ${path} (${errno})`,
      { path, operation, errno },
      error,
    );
  }
}

/** Best effort: the write's own error is the one worth reporting. */
function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Something that is not our temporary file (a directory planted there): leave it, report the write error.
  }
}

function syncFolder(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
