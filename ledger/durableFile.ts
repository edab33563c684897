import { chmodSync, closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

/** The step of a durable replacement that failed, and the system's reason. */
export class DurableWriteError extends Error {
  constructor(
    readonly path: string,
    readonly operation: 'write' | 'fsync' | 'chmod' | 'rename' | 'fsync folder',
    readonly errno: string,
    cause: unknown,
  ) {
    super(`cannot ${operation} ${path} (${errno})`, { cause });
    this.name = 'DurableWriteError';
  }
}

export interface DurableWriteOptions {
  /** Mode the temporary file is created with (default 0600). */
  readonly mode?: number;
  /** Mode set before the rename, e.g. 0400 for a file nobody may change (default: `mode`). */
  readonly finalMode?: number;
}

/**
 * Replaces `path` with `content` so that a crash at any moment leaves either the old file or the new one, whole:
 * a temporary file beside it is written and fsync-ed, renamed over `path`, and the folder fsync-ed so the rename
 * itself survives. Only then does the call return. The one way MIR writes a file that must survive a crash (the
 * witness's state, model files, exported bundles).
 *
 * @throws DurableWriteError naming the step; `path` is then unchanged and the temporary file removed.
 */
export function replaceFileDurably(
  path: string,
  content: Uint8Array,
  options: DurableWriteOptions = {},
): void {
  const temporary = `${path}.${process.pid}.tmp`;
  let operation: DurableWriteError['operation'] = 'write';
  try {
    const fd = openSync(temporary, 'w', options.mode ?? 0o600);
    try {
      for (let written = 0; written < content.length;)
        written += writeSync(fd, content, written, content.length - written);
      operation = 'fsync';
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    operation = 'chmod';
    if (options.finalMode !== undefined) chmodSync(temporary, options.finalMode);
    operation = 'rename';
    renameSync(temporary, path);
    operation = 'fsync folder';
    syncFolder(dirname(path));
  } catch (error) {
    removeQuietly(temporary);
    throw new DurableWriteError(path, operation, (error as NodeJS.ErrnoException).code ?? 'UNKNOWN', error);
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
