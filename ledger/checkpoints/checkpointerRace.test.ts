import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createNodeEd25519Signer } from '../keys/index.js';
import { openSqliteEventLog } from '../sqlite/sqliteEventLog.js';
import type { CheckpointingWorkerData, CheckpointingWorkerResult } from '../testing/checkpointingWorker.js';
import { openTestLedger } from '../testing/testLedger.js';
import { verifyLedger } from '../verification/verifyLedger.js';
import { spawnModuleWorker } from '../workers/spawnModuleWorker.js';

/** Runs one checkpointing "process" (a worker thread with its own connection) and resolves with what it saw. */
function runCheckpointer(data: CheckpointingWorkerData): Promise<CheckpointingWorkerResult> {
  const worker = spawnModuleWorker(
    new URL('../testing/checkpointingWorker.ts', import.meta.url).href,
    'checkpointingWorker',
    data,
  );
  return new Promise((resolve, reject) => {
    worker.once('message', (result: CheckpointingWorkerResult) => resolve(result));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`checkpointing worker exited with ${code}`));
    });
  });
}

describe('checkpointers racing on one SQLite ledger', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mir-checkpoint-race-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given two processes appending and checkpointing one ledger file at once, then no checkpoint shrinks, neither fails, and the ledger verifies INTACT', async () => {
    const file = join(dir, 'ledger.db');
    const seed = randomBytes(32);
    const setup = openSqliteEventLog(file);
    await (await openTestLedger({ log: setup, signer: createNodeEd25519Signer(seed) })).close();

    const results = await Promise.all(
      ['run-a', 'run-b'].map((stream) => runCheckpointer({ file, seed, stream, rounds: 300 })),
    );

    for (const { errors, signedSizes } of results) {
      expect(errors).toEqual([]);
      expect(signedSizes.every((size) => size > 0)).toBe(true);
    }
    const log = openSqliteEventLog(file, { readOnly: true });
    const sizes = (await log.readStream('checkpoints', { maxCount: 100_000 })).map(
      (event) => (event.data as { treeSize: number }).treeSize,
    );
    const report = await verifyLedger(log);
    await log.close();
    expect(report.failure).toBeNull();
    expect(report).toMatchObject({ ok: true, checkpointsVerified: sizes.length });
    expect(sizes.length).toBeGreaterThan(20);
    expect(sizes).toEqual([...sizes].sort((a, b) => a - b));
  }, 180_000);
});
