import { encodeCursor, resolvePage } from '../pageCursor.js';
import type { AuditFilter, Page, PageRequest } from '../readModelQueries.js';
import type { SqlRows } from '../sqlRows.js';
import { auditQuery } from './auditQuery.js';

const AUDIT_CURSOR = 'audit';

/** Positions of the tenant's matching events, oldest first. */
export function auditPositions(rows: SqlRows, filter: AuditFilter, page: PageRequest): Page<number> {
  const { first, after } = resolvePage(AUDIT_CURSOR, page);
  const query = auditQuery(filter, after);
  if (query.never) return { items: [], cursors: [], hasNextPage: false };
  const found = rows<[number]>(
    `SELECT position FROM audit_events WHERE ${query.where} ORDER BY position LIMIT ?`,
    [...query.params, first + 1],
  );
  const items = found.slice(0, first).map((row) => row[0]);
  return {
    items,
    cursors: items.map((position) => encodeCursor(AUDIT_CURSOR, position)),
    hasNextPage: found.length > first,
  };
}

/** Positions of the tenant's events with these ids, in their order (null when missing); one statement. */
export function eventPositions(
  rows: SqlRows,
  tenant: string,
  eventIds: readonly string[],
): (number | null)[] {
  const found = rows<[string, number]>(
    'SELECT event_id, position FROM audit_events WHERE event_id IN (SELECT value FROM json_each(?)) AND +tenant = ?',
    [JSON.stringify(eventIds), tenant],
  );
  const byId = new Map(found);
  return eventIds.map((id) => byId.get(id) ?? null);
}
