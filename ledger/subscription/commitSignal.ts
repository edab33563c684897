/**
 * Wakes subscribers when new events are committed. A counter, not a queue: a waiter compares the sequence it
 * saw before reading with the current one, so a commit that lands between its read and its wait is never missed.
 */
export class CommitSignal {
  #sequence = 0;
  #waiters = new Set<() => void>();

  get sequence(): number {
    return this.#sequence;
  }

  readonly #listeners = new Set<(lastPosition: number) => void>();

  /** Calls `listener` with the last committed position after each commit; returns the unsubscribe function. */
  watch(listener: (lastPosition: number) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  notify(lastPosition: number): void {
    for (const listener of this.#listeners) listener(lastPosition);
    this.#sequence++;
    const waiters = this.#waiters;
    this.#waiters = new Set();
    for (const wake of waiters) wake();
  }

  /**
   * Resolves once the sequence moves past `seen`, after `timeoutMs` (a poll for writers in other processes),
   * or when `cancel` is called, whichever comes first.
   */
  waitBeyond(seen: number, timeoutMs?: number): { promise: Promise<void>; cancel: () => void } {
    if (this.#sequence !== seen) return { promise: Promise.resolve(), cancel: () => {} };
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => (wake = resolve));
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => done(), timeoutMs);
    const done = () => {
      if (timer !== undefined) clearTimeout(timer);
      this.#waiters.delete(done);
      wake();
    };
    this.#waiters.add(done);
    return { promise, cancel: done };
  }
}
