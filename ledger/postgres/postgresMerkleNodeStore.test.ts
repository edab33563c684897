import { afterAll, beforeAll } from 'vitest';
import { describeMerkleNodeStoreContract } from '../merkle/testing/index.js';
import type { PostgresEventLog } from './postgresEventLog.js';
import { openPostgresEventLog } from './postgresEventLog.js';
import { createPostgresMerkleNodeStore } from './postgresMerkleNodeStore.js';
import { startTestPostgres } from './testing/testPostgres.js';
import type { TestPostgres } from './testing/testPostgres.js';

let server: TestPostgres;
let url: string;
const logs: PostgresEventLog[] = [];
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase('nodes');
});
afterAll(async () => {
  await Promise.all(logs.map((log) => log.close()));
  await server.stop();
});

describeMerkleNodeStoreContract('PostgreSQL (ledger schema)', async () => {
  const log = await openPostgresEventLog(url, { schema: `nodes_${logs.length}` });
  logs.push(log);
  return createPostgresMerkleNodeStore(log);
});
