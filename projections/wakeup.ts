interface Sleeper {
  readonly onCommit: boolean;
  readonly wake: () => void;
}

/**
 * How the runner's loop sleeps: until a timeout, until `interrupt()` (close, rebuild), and, for an idle wait,
 * until a commit newer than the sequence it saw before reading. Comparing sequences means a commit that lands
 * between a read and the wait is never missed.
 */
export class Wakeup {
  #sequence = 0;
  readonly #sleepers = new Set<Sleeper>();

  get sequence(): number {
    return this.#sequence;
  }

  /** Something was committed to the log: wake idle waits. */
  commit(): void {
    this.#sequence++;
    for (const sleeper of this.#sleepers) if (sleeper.onCommit) sleeper.wake();
  }

  /** Wakes every sleeper. */
  interrupt(): void {
    for (const sleeper of this.#sleepers) sleeper.wake();
  }

  /**
   * Resolves after `ms`, on `interrupt()`, and, when `seen` is given, on a commit after sequence `seen`
   * (at once if one already happened). Never rejects.
   */
  sleep(ms: number, seen?: number): Promise<void> {
    if (seen !== undefined && seen !== this.#sequence) return Promise.resolve();
    return new Promise((resolve) => {
      const sleeper: Sleeper = {
        onCommit: seen !== undefined,
        wake: () => {
          clearTimeout(timer);
          this.#sleepers.delete(sleeper);
          resolve();
        },
      };
      const timer = setTimeout(sleeper.wake, ms);
      this.#sleepers.add(sleeper);
    });
  }
}
