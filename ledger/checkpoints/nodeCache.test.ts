import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventLog } from '../../domain/index.js';
import { CompactRange, hashLeaf } from '../merkle/index.js';
import { createSqliteMerkleNodeStore } from '../sqlite/sqliteMerkleNodeStore.js';
import { openSqliteEventLog } from '../sqlite/sqliteEventLog.js';
import { asyncErrorCodeOf } from '../testing/errorCodeOf.js';
import { testEvents } from '../testing/testEvents.js';
import { newSigner, openTestLedger } from '../testing/testLedger.js';
import { verifyLedger } from '../verification/verifyLedger.js';

const signer = newSigner();

/** The RFC 6962 root of the first `size` events, recomputed from their stored hashes alone. */
async function rootOfEvents(log: EventLog, size: number): Promise<string> {
  const range = new CompactRange();
  for (const event of await log.readEncoded(0, size)) range.append(hashLeaf(Buffer.from(event.hash, 'hex')));
  return range.root().toString('hex');
}

describe('the checkpointer against a damaged Merkle node cache in a real ledger.db', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mir-node-cache-'));
    file = join(dir, 'ledger.db');
    const ledger = await open();
    await ledger.log.append('run-a', testEvents(1100), 'no_stream');
    await ledger.checkpointNow();
    await ledger.close();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const open = () => {
    const log = openSqliteEventLog(file);
    return openTestLedger({ log, nodes: createSqliteMerkleNodeStore(log.database), signer });
  };
  const editCache = (sql: string) => {
    const db = new Database(file);
    db.exec(sql);
    db.close();
  };

  /** Restarts on the edited file, appends, signs: the checkpoint must carry the events' true root. */
  async function restartAndCheckpoint() {
    const ledger = await open();
    await ledger.log.append('run-a', testEvents(300), 'exists');
    const signed = (await ledger.checkpointNow())!.checkpoint;
    expect(signed.rootHash.toString('hex')).toBe(await rootOfEvents(ledger.log, signed.treeSize));
    await ledger.close();
    const readOnly = openSqliteEventLog(file, { readOnly: true });
    const report = await verifyLedger(readOnly);
    await readOnly.close();
    return { signed, report };
  }

  it('given every cached node overwritten with garbage, when restarted, then the cache is rebuilt, the next checkpoint has the right root and verify is INTACT', async () => {
    editCache('UPDATE merkle_nodes SET hash = randomblob(32)');
    const { report } = await restartAndCheckpoint();
    expect(report).toMatchObject({ ok: true, checkpointsVerified: 2 });
  });

  it('given a cached node of the wrong length, when restarted, then the same', async () => {
    editCache('UPDATE merkle_nodes SET hash = randomblob(31) WHERE level = 10');
    const { report } = await restartAndCheckpoint();
    expect(report).toMatchObject({ ok: true, checkpointsVerified: 2 });
  });

  it('given a garbage node cached beyond the last checkpoint, when the tree grows over it, then the cache is rebuilt and the checkpoint is signed', async () => {
    editCache('INSERT INTO merkle_nodes (level, idx, hash) VALUES (8, 4, randomblob(32))');
    const { signed, report } = await restartAndCheckpoint();
    expect(signed.treeSize).toBeGreaterThan(5 * 256);
    expect(report).toMatchObject({ ok: true, checkpointsVerified: 2 });
  });

  it('given a damaged cache over events that no longer hash to the signed root, when restarted, then it refuses with STORAGE_CORRUPT and signs nothing', async () => {
    editCache(
      `DROP TRIGGER events_are_immutable; UPDATE events SET hash = '${'ab'.repeat(32)}' WHERE position = 5;
       UPDATE merkle_nodes SET hash = randomblob(32)`,
    );
    const log = openSqliteEventLog(file);
    const code = await asyncErrorCodeOf(() =>
      openTestLedger({ log, nodes: createSqliteMerkleNodeStore(log.database), signer }),
    );
    expect(code).toBe('STORAGE_CORRUPT');
    expect(await log.readStream('checkpoints')).toHaveLength(1);
    await log.close();
  });
});
