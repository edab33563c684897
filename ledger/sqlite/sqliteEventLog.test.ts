import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventLogContract } from '../testing/eventLogContract.js';
import { openSqliteEventLog } from './sqliteEventLog.js';

eventLogContract('SQLite (real file, WAL, group commit)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mir-ledger-'));
  const log = openSqliteEventLog(join(dir, 'ledger.db'));
  return Promise.resolve({
    log,
    dispose: async () => {
      await log.close();
      rmSync(dir, { recursive: true, force: true });
    },
  });
});
