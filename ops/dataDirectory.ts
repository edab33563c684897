import { mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { MirError } from '../domain/index.js';

/** Where one MIR installation keeps everything: the ledger file, the signing key and model files. */
export interface DataDirectory {
  readonly root: string;
  readonly ledgerFile: string;
  readonly keysDir: string;
  /** Model files, content-addressed by SHA-256. */
  readonly modelsDir: string;
}

export type DataDirectoryErrorCode = 'DATA_DIR_NOT_FOUND' | 'DATA_DIR_NOT_A_DIRECTORY' | 'LEDGER_NOT_FOUND';

/** The data directory, or the ledger in it, is not where a command needs it; `path` names what is missing. */
export class DataDirectoryError extends MirError<DataDirectoryErrorCode> {
  constructor(code: DataDirectoryErrorCode, message: string, path: string) {
    super(code, message, { path });
  }
}

/** `--data`, else `MIR_DATA_DIR`, else `./data`, resolved against the working directory. */
export function resolveDataDirectory(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): DataDirectory {
  const root = resolve(flag ?? env.MIR_DATA_DIR ?? 'data');
  return {
    root,
    ledgerFile: join(root, 'ledger.db'),
    keysDir: join(root, 'keys'),
    modelsDir: join(root, 'models'),
  };
}

/** Creates the data directory (owner-only) if missing. DATA_DIR_NOT_A_DIRECTORY when a file is in the way. */
export function ensureDataDirectory(dir: DataDirectory): void {
  try {
    mkdirSync(dir.root, { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') throw notADirectory(dir.root);
    throw error;
  }
}

/**
 * For commands that work on an installation `mir serve` has created: the resolved directory, after checking
 * that it is a directory holding `ledger.db`. Throws DataDirectoryError naming the path and how to fix it.
 */
export function existingDataDirectory(
  flag: string | undefined,
  env: NodeJS.ProcessEnv = process.env,
): DataDirectory {
  const dir = resolveDataDirectory(flag, env);
  const root = kindOf(dir.root);
  if (root === 'missing')
    throw new DataDirectoryError(
      'DATA_DIR_NOT_FOUND',
      `no data directory at ${dir.root} (give --data DIR or MIR_DATA_DIR; mir serve creates one)`,
      dir.root,
    );
  if (root !== 'directory') throw notADirectory(dir.root);
  if (kindOf(dir.ledgerFile) !== 'file')
    throw new DataDirectoryError(
      'LEDGER_NOT_FOUND',
      `no ledger in ${dir.root} (${dir.ledgerFile} is missing): start mir serve on it once`,
      dir.ledgerFile,
    );
  return dir;
}

function kindOf(path: string): 'missing' | 'directory' | 'file' | 'other' {
  try {
    const stats = statSync(path);
    return stats.isDirectory() ? 'directory' : stats.isFile() ? 'file' : 'other';
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return 'missing';
    throw error;
  }
}

function notADirectory(path: string): DataDirectoryError {
  return new DataDirectoryError(
    'DATA_DIR_NOT_A_DIRECTORY',
    `${path} is not a directory (give --data a directory)`,
    path,
  );
}
