import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../domain/index.js';
import { createMemoryEventLog, openSqliteEventLog } from '../ledger/index.js';
import { bulkLoadMarker } from './bulkLoad.js';
import { DEFAULT_PROJECTIONS } from './defaultProjections.js';
import { ProjectionApplier } from './projectionApplier.js';
import { openReadModelDatabase } from './readModelDatabase.js';
import { openReadModels } from './readModels.js';
import { dumpReadModels, tempDir } from './testing/readModelFixture.js';
import type { TempDir } from './testing/readModelFixture.js';
import { runDriver, seedRuns } from './testing/runDriver.js';

/** Copies a memory log's events into a SQLite ledger, keeping their global order (appends queue in order). */
async function copyLog(from: EventLog, to: EventLog): Promise<number> {
  const events = await from.readAll({ maxCount: 100_000 });
  await Promise.all(
    events.map(({ id, type, schemaVersion, data, meta, stream }) =>
      to.append(stream, [{ id, type, schemaVersion, data, meta }], 'any'),
    ),
  );
  return events.length - 1;
}

/** Runs the child until the read models it writes have applied `threshold`, then SIGKILLs it. */
function followThenKill(
  ledgerFile: string,
  modelsFile: string,
  mode: string,
  threshold: number,
): Promise<void> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(import.meta.dirname, 'testing/followUntilKilled.ts'),
      ledgerFile,
      modelsFile,
      mode,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    let poll: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (!chunk.toString().includes('ready') || poll !== undefined) return;
      const db = new Database(modelsFile, { readonly: true });
      const applied = db.prepare<[], number | null>('SELECT min(position) FROM projection_positions').pluck();
      poll = setInterval(() => {
        if ((applied.get() ?? -1) < threshold) return;
        clearInterval(poll);
        db.close();
        child.kill('SIGKILL');
      }, 1);
    });
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      if (signal === 'SIGKILL') resolve();
      else reject(new Error(`child finished before it was killed: ${stderr}`));
    });
  });
}

describe('read models across a crash', () => {
  let dir: TempDir;
  let head: number;
  beforeEach(async () => {
    dir = tempDir('mir-projections-crash-');
    const memory = createMemoryEventLog();
    await seedRuns(runDriver(memory), 1500);
    const ledger = openSqliteEventLog(dir.file('ledger.db'));
    head = await copyLog(memory, ledger);
    await ledger.close();
  });
  afterEach(() => dir.dispose());

  /** What the read models hold after applying exactly the events up to `position` (null: none). */
  async function expectedUpTo(log: EventLog, position: number | null): Promise<Record<string, unknown[]>> {
    const db = openReadModelDatabase(dir.file(`expected-${position}.db`));
    const applier = new ProjectionApplier(db, DEFAULT_PROJECTIONS);
    for (let from = 0; position !== null && from <= position; from += 1000) {
      applier.apply(await log.readEncoded(from, Math.min(1000, position - from + 1)));
    }
    const dump = dumpReadModels(db);
    db.close();
    return dump;
  }

  it('given the runner SIGKILLed mid catch-up, then the file holds exactly the events up to its stored position, and resuming equals a full build', async () => {
    const modelsFile = dir.file('readmodels.db');
    await followThenKill(dir.file('ledger.db'), modelsFile, 'catch-up', 1000);
    const log = openSqliteEventLog(dir.file('ledger.db'), { readOnly: true });
    const models = openReadModels(modelsFile, log);
    const stored = models.runner.appliedPosition();
    expect(stored).toBeGreaterThanOrEqual(1000);
    expect(stored).toBeLessThan(head);
    expect(dumpReadModels(models.database)).toEqual(await expectedUpTo(log, stored));

    await models.runner.start();
    await models.runner.waitFor(head, { timeoutMs: 10_000 });
    expect(dumpReadModels(models.database)).toEqual(await expectedUpTo(log, head));
    await models.close();
    await log.close();
  });

  it('given the runner SIGKILLed mid rebuild (fsync off), then the next open discards the file and a catch-up rebuilds it whole', async () => {
    const modelsFile = dir.file('readmodels.db');
    await followThenKill(dir.file('ledger.db'), modelsFile, 'rebuild', 1000);
    expect(existsSync(bulkLoadMarker(modelsFile))).toBe(true);
    const log = openSqliteEventLog(dir.file('ledger.db'), { readOnly: true });
    const models = openReadModels(modelsFile, log);
    expect(existsSync(bulkLoadMarker(modelsFile))).toBe(false);
    expect(models.runner.appliedPosition()).toBeNull();
    await models.runner.catchUp();
    expect(dumpReadModels(models.database)).toEqual(await expectedUpTo(log, head));
    await models.close();
    await log.close();
  });
});
