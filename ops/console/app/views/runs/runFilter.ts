import type { RunStatus, RunSummary } from './runFields.js';

/** What the runs list shows: one status or all, and a search text (empty: everything). */
export interface RunFilter {
  readonly status: RunStatus | null;
  readonly text: string;
}

/**
 * Whether `run` belongs in a list filtered by `filter`, judged as the server judges `runs(status, text)`: the
 * status equal, the text a case-insensitive substring of the goal, the agent or the run id.
 */
export function matchesFilter(run: RunSummary, filter: RunFilter): boolean {
  if (filter.status !== null && run.status !== filter.status) return false;
  const text = filter.text.trim().toLowerCase();
  if (text === '') return true;
  return [run.goal, run.agent, run.id].some((field) => field.toLowerCase().includes(text));
}

/**
 * The list after a live update of `run`: a row already shown is replaced in place (even when the run no longer
 * matches the filter: rows do not vanish under the reader's pointer) unless it already shows a later state (a row
 * read by "Load more" after the update committed); a run not shown is added at the top when it matches the
 * filter (runs are listed newest first), and ignored otherwise.
 */
export function applyRunUpdate(
  rows: readonly RunSummary[],
  run: RunSummary,
  filter: RunFilter,
): readonly RunSummary[] {
  const at = rows.findIndex((row) => row.id === run.id);
  if (at >= 0) {
    if ((rows[at]?.lastPosition ?? -1) > run.lastPosition) return rows;
    return rows.map((row, index) => (index === at ? run : row));
  }
  return matchesFilter(run, filter) ? [run, ...rows] : rows;
}

/** Adds a further page under the rows, skipping runs already shown (a run added live may reappear in a page). */
export function appendPage(rows: readonly RunSummary[], page: readonly RunSummary[]): readonly RunSummary[] {
  const shown = new Set(rows.map((row) => row.id));
  return [...rows, ...page.filter((run) => !shown.has(run.id))];
}
