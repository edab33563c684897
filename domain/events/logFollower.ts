import type { EventFilter, EventLog } from '../ports/eventLog.js';
import type { RecordedEvent } from './eventEnvelope.js';

const PAGE = 1_000;

/**
 * Follows the events of the global log that match `filter`, from where it last stopped: what an in-memory index
 * rebuilt from the ledger (a registry) calls before answering, so it also sees what other processes appended.
 */
export class LogFollower {
  readonly #log: EventLog;
  readonly #filter: EventFilter;
  readonly #onEvent: (event: RecordedEvent) => void;
  #nextPosition = 0;
  /** Catch-ups run one at a time: overlapping ones would deliver a page twice, out of order. */
  #running: Promise<void> = Promise.resolve();

  constructor(log: EventLog, filter: EventFilter, onEvent: (event: RecordedEvent) => void) {
    this.#log = log;
    this.#filter = filter;
    this.#onEvent = onEvent;
  }

  /** Delivers every matching event appended since the last call, in position order, each once. */
  catchUp(): Promise<void> {
    const next = this.#running.then(() => this.#catchUp());
    this.#running = next.catch(() => undefined);
    return next;
  }

  /** Where the next catch-up starts: every event before it has been delivered (or did not match). */
  get nextPosition(): number {
    return this.#nextPosition;
  }

  async #catchUp(): Promise<void> {
    // The head is read first: whatever lands after it is still within reach of the reads below.
    const head = await this.#log.headPosition();
    for (;;) {
      const page = await this.#log.readAll({
        fromPosition: this.#nextPosition,
        maxCount: PAGE,
        filter: this.#filter,
      });
      for (const event of page) {
        this.#nextPosition = Math.max(this.#nextPosition, event.position + 1);
        this.#onEvent(event);
      }
      if (page.length < PAGE) break;
    }
    this.#nextPosition = Math.max(this.#nextPosition, (head ?? -1) + 1);
  }
}
