import { runStream } from '../../domain/index.js';
import type { EventLog, JsonObject, RunFacts, RunProjectionSource } from '../../domain/index.js';
import type { ReadModelQueries, RunStep, RunSummary } from '../readModelQueries.js';
import { runAsOf } from '../runAsOf.js';

/**
 * The replay's view of the runs read model (`RunProjectionSource`): the run's row and timeline once the read
 * models have applied `position`, beside `runAsOf` — the ledger's own fold — at the row's last position, so both
 * describe the same point of the run even when it moved on since. Steps the read model applied after the row was
 * read are left out of its timeline for the same reason.
 */
export function runProjectionFacts(
  log: EventLog,
  queries: Pick<ReadModelQueries, 'runs' | 'steps'>,
  waitFor: (position: number) => Promise<void>,
): RunProjectionSource {
  return {
    async runFacts(tenant, runId, position) {
      await waitFor(position);
      const [row] = await queries.runs(tenant, [runId]);
      const at = Math.max(position, row?.lastPosition ?? position);
      const [steps = []] = await queries.steps(tenant, [runId]);
      const rebuilt = await runAsOf(log, tenant, runId, at);
      if (rebuilt === null) throw new Error(`run ${runId} has no events up to position ${at}`);
      const [last] = await log.readStream(runStream(runId), {
        fromRevision: rebuilt.summary.revision,
        maxCount: 1,
      });
      return {
        eventId: last!.id,
        rebuilt: facts(rebuilt.summary, rebuilt.steps),
        projected:
          row === null || row === undefined
            ? null
            : facts(
                row,
                steps.filter((step) => step.position <= at),
              ),
      };
    },
  };
}

function facts(summary: RunSummary, steps: readonly RunStep[]): RunFacts {
  return {
    fields: { ...summary } as unknown as JsonObject,
    steps: steps.map(({ stepNumber, eventId }) => ({ stepNumber, eventId })),
  };
}
