import type { RunFork } from '../readModelQueries.js';
import type { SqlRows } from '../sqlRows.js';

const FORK_COLUMNS =
  'run_id, source_run_id, source_position, step, state_digest, reason, forked_by, position';

type ForkRow = [
  runId: string,
  sourceRunId: string,
  sourcePosition: number,
  step: number,
  stateDigest: string,
  reason: string,
  forkedBy: string,
  position: number,
];

function toRunFork(row: ForkRow): RunFork {
  const [runId, sourceRunId, sourcePosition, step, stateDigest, reason, forkedBy, position] = row;
  return { runId, sourceRunId, sourcePosition, step, stateDigest, reason, forkedBy, position };
}

/** Where each of the tenant's runs with these ids was forked from, in their order (null: not a fork, or missing). */
export function forkOrigins(rows: SqlRows, tenant: string, runIds: readonly string[]): (RunFork | null)[] {
  const found = rows<ForkRow>(
    `SELECT ${FORK_COLUMNS} FROM run_forks WHERE run_id IN (SELECT value FROM json_each(?)) AND +tenant = ?`,
    [JSON.stringify(runIds), tenant],
  );
  const byId = new Map(found.map((row) => [row[0], toRunFork(row)]));
  return runIds.map((id) => byId.get(id) ?? null);
}

/** The forks of each of the tenant's runs with these ids, oldest first, in their order; one statement. */
export function forksOf(rows: SqlRows, tenant: string, sourceRunIds: readonly string[]): RunFork[][] {
  const found = rows<ForkRow>(
    `SELECT ${FORK_COLUMNS} FROM run_forks WHERE tenant = ? AND source_run_id IN (SELECT value FROM json_each(?)) ` +
      'ORDER BY source_run_id, position',
    [tenant, JSON.stringify(sourceRunIds)],
  );
  const bySource = new Map<string, RunFork[]>();
  for (const row of found) {
    const fork = toRunFork(row);
    bySource.set(fork.sourceRunId, [...(bySource.get(fork.sourceRunId) ?? []), fork]);
  }
  return sourceRunIds.map((id) => bySource.get(id) ?? []);
}
