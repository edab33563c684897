import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { EventLog } from '../ports/eventLog.js';
import { RUN_STREAM_PREFIX } from '../runs/runEvents.js';

const PAGE = 10_000;
const ROLLBACK_MARKS = ['RollbackStarted', 'RunRolledBack', 'RunRollbackFailed'];

/**
 * The `RollbackStarted` events of rollbacks that never ended (the process stopped during them), in ledger order.
 * A scan of the global log bounded to the three rollback event types on run streams: its cost follows the number
 * of rollbacks ever made, not the ledger's size (the store filters by type).
 */
export async function findUnfinishedRollbacks(log: EventLog): Promise<RecordedEvent[]> {
  const open = new Map<string, RecordedEvent>();
  for (let from = 0; ;) {
    const page = await log.readAll({
      fromPosition: from,
      maxCount: PAGE,
      filter: { streamPrefixes: [RUN_STREAM_PREFIX], types: ROLLBACK_MARKS },
    });
    for (const event of page) {
      const rollbackId = (event.data as { rollbackId?: unknown }).rollbackId;
      if (typeof rollbackId !== 'string') continue;
      if (event.type === 'RollbackStarted') open.set(rollbackId, event);
      else open.delete(rollbackId);
    }
    if (page.length < PAGE) return [...open.values()];
    from = page.at(-1)!.position + 1;
  }
}
