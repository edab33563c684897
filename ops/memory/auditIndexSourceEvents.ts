import type { EventLog, SourceEvents } from '../../domain/index.js';
import type { ProjectionRunner, ReadModelQueries } from '../../projections/index.js';

export interface AuditIndexSourceEventsOptions {
  /** The ledger, asked for its head when an id is not (yet) in the index. */
  readonly log: Pick<EventLog, 'headPosition'>;
  /** The read models' queries: `eventPositions` answers from the audit index, tenant-scoped in SQL. */
  readonly queries: Pick<ReadModelQueries, 'eventPositions'>;
  /** The runner that follows the ledger; it must be running for a wait to end. */
  readonly runner: Pick<ProjectionRunner, 'waitFor'>;
  /** How long to wait for the read models to reach the ledger's head. Default 10,000 ms, as the API waits. */
  readonly timeoutMs?: number;
}

/**
 * Memory provenance resolved against the audit index (every event of every stream, with its tenant). The index
 * lags the ledger, so an id it does not hold yet is only judged unknown after the read models reached the head
 * the ledger had when asked: an event appended before the proposal is found. Ids found at once need no wait
 * (an indexed event never leaves the index). Rejects with PROJECTION_WAIT_TIMEOUT or PROJECTION_CLOSED when the
 * read models cannot catch up, so an id is never refused for lag alone.
 */
export function auditIndexSourceEvents(options: AuditIndexSourceEventsOptions): SourceEvents {
  const { log, queries, runner } = options;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const found = async (tenant: string, eventIds: readonly string[]) => {
    const positions = await queries.eventPositions(tenant, eventIds);
    return new Set(eventIds.filter((_, index) => typeof positions[index] === 'number'));
  };
  return {
    async existing(tenant, eventIds) {
      const indexed = await found(tenant, eventIds);
      if (eventIds.every((id) => indexed.has(id))) return indexed;
      const head = await log.headPosition();
      if (head === null) return indexed;
      await runner.waitFor(head, { timeoutMs });
      return found(tenant, eventIds);
    },
  };
}
