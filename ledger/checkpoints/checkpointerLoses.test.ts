import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openLedger } from '../ledgerService.js';
import type { Ledger } from '../ledgerService.js';
import { createSqliteMerkleNodeStore } from '../sqlite/sqliteMerkleNodeStore.js';
import { openSqliteEventLog } from '../sqlite/sqliteEventLog.js';
import { testEvents } from '../testing/testEvents.js';
import { manualClock, newSigner, testIds } from '../testing/testLedger.js';
import { verifyLedger } from '../verification/verifyLedger.js';

const signer = newSigner();

describe('a checkpointer that loses the race to another', () => {
  let dir: string;
  let errors: unknown[];
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mir-checkpoint-loser-'));
    errors = [];
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** A ledger on its own connection to the shared file, polling for the other's writes every 5 ms. */
  const open = async (): Promise<Ledger> => {
    const log = openSqliteEventLog(join(dir, 'ledger.db'));
    return openLedger({
      log,
      nodes: createSqliteMerkleNodeStore(log.database),
      signer,
      clock: manualClock(),
      ids: testIds,
      checkpointEveryEvents: 1_000_000,
      checkpointEveryMs: 5,
      checkpointFolding: 'in-thread',
      onBackgroundError: (error) => errors.push(error),
    });
  };

  it('given two checkpointers asked to sign at once, when one loses, then it re-reads and both answer with a checkpoint covering every event before the call', async () => {
    const a = await open();
    const b = await open();
    for (let round = 0; round < 15; round++) {
      const appended = await (round % 2 === 0 ? a : b).log.append(
        'run-a',
        testEvents(3),
        round === 0 ? 'no_stream' : 'exists',
      );
      const [fromA, fromB] = await Promise.all([a.checkpointNow(), b.checkpointNow()]);
      expect(fromA?.checkpoint.treeSize).toBeGreaterThan(appended.lastPosition);
      expect(fromB?.checkpoint.treeSize).toBeGreaterThan(appended.lastPosition);
    }
    await a.close();
    await b.close();
    expect(errors).toEqual([]);
    const log = openSqliteEventLog(join(dir, 'ledger.db'), { readOnly: true });
    expect(await verifyLedger(log)).toMatchObject({ ok: true, failure: null });
    await log.close();
  });
});
