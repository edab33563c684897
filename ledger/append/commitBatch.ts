import type { PreparedAppend } from './preparedAppend.js';

/**
 * Takes the next group-commit batch off the front of `queue`: appends in arrival order until the batch holds
 * `maxEvents` events (always at least one append, however large), so that one transaction's latency is bounded.
 */
export function takeBatch<Pending extends { readonly prepared: PreparedAppend }>(
  queue: Pending[],
  maxEvents: number,
): Pending[] {
  let events = 0;
  let taken = 0;
  while (taken < queue.length && (taken === 0 || events < maxEvents)) {
    events += queue[taken]!.prepared.events.length;
    taken++;
  }
  return queue.splice(0, taken);
}
