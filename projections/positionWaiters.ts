import { ProjectionError } from './projectionErrors.js';

interface Waiter {
  readonly position: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  readonly timer: NodeJS.Timeout | undefined;
}

/** Callers waiting for the read models to reach a position (read-your-writes), settled as batches commit. */
export class PositionWaiters {
  readonly #waiters = new Set<Waiter>();

  /**
   * Resolves once `settle` is called with an applied position >= `position`; rejects with
   * PROJECTION_WAIT_TIMEOUT after `timeoutMs` (when given), or with PROJECTION_CLOSED on `closeAll`.
   */
  wait(position: number, applied: () => number | null, timeoutMs?: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer =
        timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              this.#waiters.delete(waiter);
              const at = applied();
              reject(
                new ProjectionError(
                  'PROJECTION_WAIT_TIMEOUT',
                  `read models did not reach position ${position} within ${timeoutMs} ms (at ${at ?? 'none'})`,
                  { position, appliedPosition: at, timeoutMs },
                ),
              );
            }, timeoutMs);
      const waiter: Waiter = { position, resolve, reject, timer };
      this.#waiters.add(waiter);
    });
  }

  /** Resolves every waiter whose position is now applied. */
  settle(applied: number | null): void {
    if (applied === null) return;
    for (const waiter of this.#waiters) {
      if (waiter.position > applied) continue;
      clearTimeout(waiter.timer);
      this.#waiters.delete(waiter);
      waiter.resolve();
    }
  }

  closeAll(): void {
    for (const waiter of this.#waiters) {
      clearTimeout(waiter.timer);
      waiter.reject(new ProjectionError('PROJECTION_CLOSED', 'the projection runner was closed', {}));
    }
    this.#waiters.clear();
  }
}
