import { encodeCursor, resolvePage } from '../pageCursor.js';
import type { Page, PageRequest, RunFilter, RunStep, RunSummary } from '../readModelQueries.js';
import type { SqlRows } from '../sqlRows.js';
import { RUN_STEP_COLUMNS, toRunStep } from './runStepsTable.js';
import type { RunStepRow } from './runStepsTable.js';
import { RUN_COLUMNS, toRunSummary } from './runsTable.js';
import type { RunRow } from './runsTable.js';

const RUN_CURSOR = 'run';

/** The tenant's runs with these ids, in their order (null when missing); one statement whatever the count. */
export function runsByIds(rows: SqlRows, tenant: string, ids: readonly string[]): (RunSummary | null)[] {
  const found = rows<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs WHERE run_id IN (SELECT value FROM json_each(?)) AND +tenant = ?`,
    [JSON.stringify(ids), tenant],
  );
  const byId = new Map(found.map((row) => [row[0], toRunSummary(row)]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** The steps of the tenant's runs with these ids, in their order ([] when missing); one statement. */
export function stepsByRuns(rows: SqlRows, tenant: string, runIds: readonly string[]): RunStep[][] {
  const found = rows<RunStepRow>(
    `SELECT ${RUN_STEP_COLUMNS} FROM run_steps WHERE run_id IN (SELECT value FROM json_each(?)) AND +tenant = ? ` +
      'ORDER BY run_id, position',
    [JSON.stringify(runIds), tenant],
  );
  const byRun = new Map<string, RunStep[]>();
  for (const row of found) {
    const list = byRun.get(row[0]) ?? [];
    if (list.length === 0) byRun.set(row[0], list);
    list.push(toRunStep(row));
  }
  return runIds.map((id) => byRun.get(id) ?? []);
}

// The tenant's index bounds the scan; a substring search cannot use an index of its own.
const TEXT_MATCH = "(goal LIKE ? ESCAPE '\\' OR agent LIKE ? ESCAPE '\\' OR run_id LIKE ? ESCAPE '\\')";

/** A LIKE pattern matching `text` anywhere, its own wildcards (and the escape character) taken literally. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/** Newest first: keyed by the position of RunStarted, descending. */
export function listRuns(rows: SqlRows, filter: RunFilter, page: PageRequest): Page<RunSummary> {
  const { first, after } = resolvePage(RUN_CURSOR, page);
  const clauses = ['tenant = ?'];
  const params: unknown[] = [filter.tenant];
  const add = (clause: string, value: unknown) => (clauses.push(clause), params.push(value));
  if (filter.status !== undefined) add('status = ?', filter.status);
  if (filter.agent !== undefined) add('agent = ?', filter.agent);
  if (filter.text !== undefined) {
    const pattern = likePattern(filter.text);
    clauses.push(TEXT_MATCH);
    params.push(pattern, pattern, pattern);
  }
  if (after !== null) add('started_position < ?', after);
  const found = rows<RunRow>(
    `SELECT ${RUN_COLUMNS} FROM runs WHERE ${clauses.join(' AND ')} ORDER BY started_position DESC LIMIT ?`,
    [...params, first + 1],
  );
  const items = found.slice(0, first);
  return {
    items: items.map(toRunSummary),
    cursors: items.map((row) => encodeCursor(RUN_CURSOR, row[18])),
    hasNextPage: found.length > first,
  };
}
