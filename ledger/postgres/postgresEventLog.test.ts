import { afterAll, beforeAll } from 'vitest';
import { eventLogContract } from '../testing/eventLogContract.js';
import { openPostgresEventLog } from './postgresEventLog.js';
import { startTestPostgres } from './testing/testPostgres.js';
import type { TestPostgres } from './testing/testPostgres.js';

let server: TestPostgres;
let url: string;
let schemas = 0;
beforeAll(async () => {
  server = await startTestPostgres();
  url = await server.createDatabase('contract');
});
afterAll(() => server.stop());

// Every case gets a ledger of its own: a fresh schema in one database of one real server.
eventLogContract('PostgreSQL (real server, group commit, LISTEN/NOTIFY)', async () => {
  const log = await openPostgresEventLog(url, { schema: `contract_${schemas++}` });
  return { log, dispose: () => log.close() };
});
