import { readFileSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { resolve } from 'node:path';
import { MirError } from '../../domain/index.js';

/** A file named on the command line cannot be read; `path` (absolute) and the system's `reason` say why. */
export class InputFileError extends MirError<'FILE_UNREADABLE'> {
  constructor(what: string, path: string, cause: unknown) {
    const reason = (cause as NodeJS.ErrnoException).code ?? 'UNKNOWN';
    super(
      'FILE_UNREADABLE',
      `cannot read ${what} ${path}: ${REASONS[reason] ?? reason}`,
      { path, reason },
      cause,
    );
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  ENOTDIR: 'no such file (a parent is not a directory)',
  EISDIR: 'it is a directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
};

/** The file's stats (it must be a regular file); `what` names it for people, e.g. "--trusted-checkpoint". */
export function statInputFile(path: string, what: string): Stats {
  const absolute = resolve(path);
  try {
    const stats = statSync(absolute);
    if (stats.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' });
    return stats;
  } catch (error) {
    throw new InputFileError(what, absolute, error);
  }
}

/** The file's bytes; InputFileError naming `what` and the absolute path when it cannot be read. */
export function readInputFile(path: string, what: string): Buffer {
  const absolute = resolve(path);
  try {
    return readFileSync(absolute);
  } catch (error) {
    throw new InputFileError(what, absolute, error);
  }
}
