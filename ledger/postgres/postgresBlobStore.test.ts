import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresEventLog } from './postgresEventLog.js';
import { openPostgresEventLog } from './postgresEventLog.js';
import { PostgresBlobStore } from './postgresBlobStore.js';
import { startTestPostgres } from './testing/testPostgres.js';
import type { TestPostgres } from './testing/testPostgres.js';
import { describeBlobStoreContract } from '../blobs/testing/blobStoreContract.js';

let server: TestPostgres;
let url: string;
const logs: PostgresEventLog[] = [];
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase('blobs');
});
afterAll(async () => {
  await Promise.all(logs.map((log) => log.close()));
  await server.stop();
});

async function openLog(schema: string): Promise<PostgresEventLog> {
  const log = await openPostgresEventLog(url, { schema });
  logs.push(log);
  return log;
}

describeBlobStoreContract('PostgreSQL (ledger schema)', async (options) => {
  const log = await openLog(`blobs_${logs.length}`);
  return new PostgresBlobStore(log.database, options);
});

describe('the blobs table', () => {
  it('given a stored blob, when a connection tries UPDATE, DELETE or TRUNCATE, then PostgreSQL refuses each', async () => {
    const log = await openLog('blobs_immutable');
    const { digest } = await new PostgresBlobStore(log.database).put(new TextEncoder().encode('kept'));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      for (const statement of [
        `UPDATE blobs_immutable.blobs SET size = 0 WHERE digest = '${digest}'`,
        `DELETE FROM blobs_immutable.blobs WHERE digest = '${digest}'`,
        'TRUNCATE blobs_immutable.blobs',
      ]) {
        await expect(client.query(statement)).rejects.toThrow(/immutable and permanent|permission denied/);
      }
      const rows = await client.query('SELECT size FROM blobs_immutable.blobs');
      expect(rows.rows).toEqual([{ size: '4' }]);
    } finally {
      await client.end();
    }
  });

  it('given a schema created before blobs existed, when a node opens it, then the table is added and works', async () => {
    const log = await openLog('blobs_upgraded');
    await log.close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query('DROP TABLE blobs_upgraded.blobs');
      const upgraded = await openLog('blobs_upgraded');
      const store = new PostgresBlobStore(upgraded.database);
      const { digest } = await store.put(new TextEncoder().encode('after the upgrade'));
      expect(new TextDecoder().decode((await store.get(digest)) ?? undefined)).toBe('after the upgrade');
      await expect(client.query(`DELETE FROM blobs_upgraded.blobs`)).rejects.toThrow();
    } finally {
      await client.end();
    }
  });
});
