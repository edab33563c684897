/**
 * Runs async work exclusively per key, in arrival order: work holding any of the same keys waits for the earlier
 * holders, work with disjoint keys runs at once. All keys of one call are taken together, so two calls can never
 * wait on each other (a later call only ever waits for earlier ones).
 */
export class KeyedLock {
  readonly #tails = new Map<string, Promise<void>>();

  async run<T>(keys: readonly string[], work: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const earlier: Promise<void>[] = [];
    for (const key of keys) {
      const tail = this.#tails.get(key);
      if (tail !== undefined) earlier.push(tail);
      this.#tails.set(key, done);
    }
    try {
      await Promise.all(earlier);
      return await work();
    } finally {
      release();
      for (const key of keys) if (this.#tails.get(key) === done) this.#tails.delete(key);
    }
  }

  /** Keys currently held or awaited (for tests: a finished call leaves none behind). */
  get size(): number {
    return this.#tails.size;
  }
}
