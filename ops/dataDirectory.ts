import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Where one MIR installation keeps everything: the ledger file, the signing key and model files. */
export interface DataDirectory {
  readonly root: string;
  readonly ledgerFile: string;
  readonly keysDir: string;
  /** Model files, content-addressed by SHA-256. */
  readonly modelsDir: string;
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

/** Creates the data directory (owner-only) if missing. */
export function ensureDataDirectory(dir: DataDirectory): void {
  mkdirSync(dir.root, { recursive: true, mode: 0o700 });
}
