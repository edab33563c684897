import type { Database } from 'better-sqlite3';
import { apiKeyById, listApiKeys } from './access/apiKeyQueries.js';
import { auditPositions, eventPositions } from './audit/auditQueries.js';
import { createMemoryQueries } from './memory/memoryQueries.js';
import type { ReadModelQueries } from './readModelQueries.js';
import { forkOrigins, forksOf } from './runs/forkQueries.js';
import { listRuns, runsByIds, stepsByRuns } from './runs/runQueries.js';
import { preparedRows } from './sqlRows.js';
import type { SqlRows } from './sqlRows.js';

/**
 * ReadModelQueries over the read-model file. Every statement is prepared once (per filter shape) and every
 * query is tenant-scoped in SQL. `runs`, `steps` and `eventPositions` answer any number of ids with one statement
 * (the ids travel as one JSON array through `json_each`), which is what a DataLoader batch needs; there `+tenant`
 * keeps SQLite on the id index rather than scanning the tenant. Listings use keyset pagination: a page costs the
 * same however deep it is. Errors (INVALID_CURSOR, INVALID_PAGE, INVALID_FILTER) come back as rejections.
 */
export function createSqliteReadModelQueries(db: Database): ReadModelQueries {
  const rows = preparedRows(db);
  return {
    runs: (tenant, ids) => settle(() => runsByIds(rows, tenant, ids)),
    listRuns: (filter, page) => settle(() => listRuns(rows, filter, page)),
    steps: (tenant, runIds) => settle(() => stepsByRuns(rows, tenant, runIds)),
    forkOrigins: (tenant, runIds) => settle(() => forkOrigins(rows, tenant, runIds)),
    forksOf: (tenant, sourceRunIds) => settle(() => forksOf(rows, tenant, sourceRunIds)),
    auditPositions: (filter, page) => settle(() => auditPositions(rows, filter, page)),
    eventPositions: (tenant, eventIds) => settle(() => eventPositions(rows, tenant, eventIds)),
    apiKey: (keyId) => settle(() => apiKeyById(rows, keyId)),
    listApiKeys: (tenant) => settle(() => listApiKeys(rows, tenant)),
    appliedPosition: () => settle(() => appliedPosition(rows)),
    ...createMemoryQueries(db),
  };
}

/** The lowest position over every projection; null while one has applied nothing. */
function appliedPosition(rows: SqlRows): number | null {
  const [row] = rows<[number, number, number | null]>(
    'SELECT count(*), count(position), min(position) FROM projection_positions',
    [],
  );
  return row === undefined || row[0] === 0 || row[1] < row[0] ? null : row[2];
}

/** Runs synchronous SQLite work as a promise: a throw becomes a rejection. */
function settle<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(work()));
}
