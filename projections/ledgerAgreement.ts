import type { EventLog } from '../domain/index.js';
import type { StoredPosition } from './projectionPositions.js';
import { ProjectionError } from './projectionErrors.js';

/**
 * Checks that `log` still holds, at each projection's stored position, the very event (same hash) the projection
 * applied there: read models of a restored, truncated or different ledger must be rebuilt, not extended.
 * Throws READ_MODEL_AHEAD when the ledger is shorter, READ_MODEL_DIVERGED when the event differs.
 */
export async function assertLedgerHoldsApplied(
  log: EventLog,
  stored: readonly StoredPosition[],
): Promise<void> {
  for (const { name, position, eventHash } of stored) {
    if (position === null) continue;
    const [event] = await log.readEncoded(position, 1);
    const details = { projection: name, position, expected: eventHash };
    if (event === undefined) {
      const head = await log.headPosition();
      throw new ProjectionError(
        'READ_MODEL_AHEAD',
        `read model ${name} has applied position ${position} but the ledger ends at ${head ?? 'nothing'}: rebuild it`,
        { ...details, head },
      );
    }
    if (event.hash !== eventHash) {
      throw new ProjectionError(
        'READ_MODEL_DIVERGED',
        `read model ${name} applied another event at position ${position} than the ledger holds: rebuild it`,
        { ...details, actual: event.hash },
      );
    }
  }
}
