import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import type { EventLog } from '../../domain/index.js';
import { openReadModels } from '../readModels.js';
import type { ReadModels, ReadModelsOptions } from '../readModels.js';

/** A scratch directory removed by `dispose`. */
export interface TempDir {
  readonly path: string;
  file(name: string): string;
  dispose(): void;
}

export function tempDir(prefix = 'mir-projections-'): TempDir {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return {
    path,
    file: (name) => join(path, name),
    dispose: () => rmSync(path, { recursive: true, force: true }),
  };
}

/** Read models in a real SQLite file of a temp directory, following `log`; `dispose` closes and deletes them. */
export function openTestReadModels(
  log: EventLog,
  options: ReadModelsOptions = {},
): ReadModels & { readonly dir: TempDir; dispose(): Promise<void> } {
  const dir = tempDir();
  const models = openReadModels(dir.file('readmodels.db'), log, { pollMs: 20, retryMs: 20, ...options });
  return {
    ...models,
    dir,
    dispose: async () => {
      await models.close();
      dir.dispose();
    },
  };
}

const TABLES: Record<string, string> = {
  runs: 'run_id',
  run_steps: 'position',
  audit_events: 'position',
  api_keys: 'key_id',
  memories: 'tenant, memory_id',
  projection_positions: 'name',
};

/** Every row of every read-model table (and the positions), in key order: what "the same tables" compares. */
export function dumpReadModels(db: Database): Record<string, unknown[]> {
  return Object.fromEntries(
    Object.entries(TABLES).map(([table, key]) => [
      table,
      db.prepare(`SELECT * FROM ${table} ORDER BY ${key}`).all(),
    ]),
  );
}
