import { runStream } from '../../domain/index.js';
import { ProjectionError } from '../projectionErrors.js';
import type { AuditFilter } from '../readModelQueries.js';

/** A WHERE clause over `audit_events` and its parameters; `never` when the filter cannot match anything. */
export interface AuditQuery {
  readonly where: string;
  readonly params: readonly (string | number)[];
  readonly never: boolean;
}

/**
 * Translates a filter (and the page's cursor, `after`) into SQL. Always tenant-scoped; one `type = ?` keeps the
 * (tenant, type) index's position order, several types go through `json_each` so the statement text does not
 * depend on how many there are. Throws INVALID_FILTER for bounds that are not integers or ISO 8601 times.
 */
export function auditQuery(filter: AuditFilter, after: number | null): AuditQuery {
  const clauses = ['tenant = ?'];
  const params: (string | number)[] = [filter.tenant];
  const add = (clause: string, value: string | number) => (clauses.push(clause), params.push(value));
  const stream = streamOf(filter);
  if (stream === false) return { where: '', params: [], never: true };
  if (stream !== undefined) add('stream = ?', stream);
  const types = filter.types;
  if (types !== undefined) {
    if (types.length === 0) return { where: '', params: [], never: true };
    if (types.length === 1) add('type = ?', types[0]!);
    else add('type IN (SELECT value FROM json_each(?))', JSON.stringify(types));
  }
  if (filter.actorId !== undefined) add('actor_id = ?', filter.actorId);
  const from = Math.max(position('fromPosition', filter.fromPosition) ?? 0, after === null ? 0 : after + 1);
  if (from > 0) add('position >= ?', from);
  const to = position('toPosition', filter.toPosition);
  if (to !== undefined) add('position <= ?', to);
  const occurredAfter = time('occurredAfter', filter.occurredAfter);
  if (occurredAfter !== undefined) add('occurred_at > ?', occurredAfter);
  const occurredBefore = time('occurredBefore', filter.occurredBefore);
  if (occurredBefore !== undefined) add('occurred_at < ?', occurredBefore);
  return { where: clauses.join(' AND '), params, never: false };
}

/** The one stream the filter names (by `stream` or `runId`), undefined for any, false when the two disagree. */
function streamOf(filter: AuditFilter): string | undefined | false {
  const fromRun = filter.runId === undefined ? undefined : runStream(filter.runId);
  if (filter.stream !== undefined && fromRun !== undefined && filter.stream !== fromRun) return false;
  return filter.stream ?? fromRun;
}

function position(field: string, value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isSafeInteger(value) || value < 0) throw invalid(field, value, 'must be an integer >= 0');
  return value;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

function time(field: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = ISO_TIME.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) throw invalid(field, value, 'must be an ISO 8601 time such as 2026-11-23T12:00:00Z');
  return ms;
}

function invalid(field: string, value: string | number, reason: string): ProjectionError {
  return new ProjectionError('INVALID_FILTER', `${field} ${reason}`, { field, value, reason });
}
