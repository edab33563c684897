import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventLog } from '../../ledger/index.js';
import { testEvents } from '../../ledger/testing/testEvents.js';
import { openTestLedger } from '../../ledger/testing/testLedger.js';
import { verifyInWorker } from './verifyInWorker.js';

/** More events than the verifier's page (20,000): it reports progress twice before the end. */
const EVENTS = 45_000;
let dir: string;
let ledgerFile: string;
let total: number;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mir-verify-worker-'));
  ledgerFile = join(dir, 'ledger.db');
  const log = openSqliteEventLog(ledgerFile);
  const ledger = await openTestLedger({ log });
  for (let appended = 0; appended < EVENTS; appended += 5_000)
    await log.append(`bulk-${appended}`, testEvents(5_000), 'no_stream');
  await ledger.checkpointNow();
  total = (await log.headPosition())! + 1;
  await ledger.close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('verifyInWorker', () => {
  it('given a watcher, then the worker reports progress page by page, then the report', async () => {
    const progress: Array<[number, number]> = [];
    const report = await verifyInWorker(
      { store: { kind: 'sqlite', file: ledgerFile }, options: {} },
      { onProgress: (verified, of) => progress.push([verified, of]) },
    );
    expect(report).toMatchObject({ ok: true, eventsVerified: total, checkpointsVerified: 1 });
    expect(progress).toEqual([
      [20_000, total],
      [40_000, total],
      [total, total],
    ]);
  }, 60_000);

  it('when the signal aborts after the first progress, then the worker is stopped and no report comes', async () => {
    const controller = new AbortController();
    const progress: number[] = [];
    const verifying = verifyInWorker(
      { store: { kind: 'sqlite', file: ledgerFile }, options: {} },
      {
        signal: controller.signal,
        onProgress: (verified) => {
          progress.push(verified);
          controller.abort(new Error('closed'));
        },
      },
    );
    await expect(verifying).rejects.toThrow('closed');
    expect(progress).toEqual([20_000]);
  }, 60_000);
});
