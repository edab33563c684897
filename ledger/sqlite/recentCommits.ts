import type { EncodedEvent } from '../../domain/index.js';

/**
 * The tail of the log as this process committed it, contiguous by position, so that followers of the log
 * (the checkpointer, live subscriptions) read just-committed events from memory instead of from SQLite.
 * Holds at most about `capacity` events; any gap (another process wrote) resets it.
 */
export class RecentCommits {
  readonly #capacity: number;
  #events: EncodedEvent[] = [];

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get start(): number {
    return this.#events[0]?.position ?? -1;
  }

  /** One past the last position held, or -1 when empty. */
  get end(): number {
    const last = this.#events[this.#events.length - 1];
    return last === undefined ? -1 : last.position + 1;
  }

  add(committed: readonly EncodedEvent[]): void {
    const first = committed[0];
    if (first === undefined) return;
    if (first.position !== this.end) this.#events = [];
    for (const event of committed) this.#events.push(event);
    if (this.#events.length > 2 * this.#capacity) this.#events = this.#events.slice(-this.#capacity);
  }

  /** Positions [from, from + count) ∩ what is held, or undefined unless `from` lies inside what is held. */
  read(from: number, count: number): EncodedEvent[] | undefined {
    const start = this.start;
    if (start < 0 || from < start || from >= this.end) return undefined;
    return this.#events.slice(from - start, from - start + count);
  }

  clear(): void {
    this.#events = [];
  }
}
