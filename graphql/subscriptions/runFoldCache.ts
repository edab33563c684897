import { isNextOf, runAsOfNext } from '../../projections/index.js';
import type { RunAsOf } from '../../projections/index.js';
import type { RecordedEvent } from '../../domain/index.js';

/** Runs whose latest fold one subscription keeps; past this, the least recently updated is dropped first. */
const MAX_RUNS = 64;

/**
 * The latest fold of each run a `runUpdates` subscription has seen, so the run as of each new event folds one event
 * on from the one before instead of reading and folding the run's whole stream again: an update late in a long run
 * costs what an early one does. A run seen for the first time, or after a gap, is read from the ledger (`read`).
 */
export class RunFoldCache {
  private readonly folds = new Map<string, RunAsOf>();

  constructor(private readonly read: (runId: string, asOf: number) => Promise<RunAsOf | null>) {}

  async asOf(runId: string, event: RecordedEvent): Promise<RunAsOf | null> {
    const previous = this.folds.get(runId);
    const next =
      previous !== undefined && isNextOf(previous, event)
        ? runAsOfNext(previous, event)
        : await this.read(runId, event.position);
    this.folds.delete(runId);
    if (next === null) return null;
    this.folds.set(runId, next);
    if (this.folds.size > MAX_RUNS) this.folds.delete(this.folds.keys().next().value!);
    return next;
  }
}
