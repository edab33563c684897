import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { describeMerkleNodeStoreContract } from '../merkle/testing/index.js';
import { openSqliteEventLog } from './sqliteEventLog.js';
import { createSqliteMerkleNodeStore } from './sqliteMerkleNodeStore.js';

const dir = mkdtempSync(join(tmpdir(), 'mir-nodes-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeMerkleNodeStoreContract('SQLite (ledger file)', () => {
  const log = openSqliteEventLog(join(dir, `ledger-${files++}.db`));
  return Promise.resolve(createSqliteMerkleNodeStore(log.database));
});
