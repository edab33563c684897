import { END, streamNameFilter } from '@eventstore/db-client';
import type { AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';
import type { CommitSignal } from '../subscription/commitSignal.js';
import { scanAll } from './allScan.js';
import { PositionIndex } from './positionIndex.js';
import type { LogPosition } from './positionIndex.js';
import { mirStreamName } from './streamNamespace.js';

/** `$all` events one catch-up page reads. */
const CATCH_UP_PAGE = 1000;
/** How long `until` keeps looking: VISIBILITY_ATTEMPTS catch-ups, VISIBILITY_WAIT_MS apart. */
const VISIBILITY_ATTEMPTS = 50;
const VISIBILITY_WAIT_MS = 20;

/**
 * Follows one namespace of `$all` in commit order and numbers its MIR events 0, 1, 2…: the leaf index every
 * reader of this log sees as `position`, whichever node wrote them. Catch-up reads `$all` from the last event
 * it examined to the end; it runs when asked (before an append's checks, after its commit), on a timer, and when
 * the live filtered `$all` subscription (a doorbell only: it carries no state) sees one of the namespace's events.
 * `signal` is notified after every catch-up that found new events, with the last leaf.
 */
export class NamespaceFollower {
  readonly index = new PositionIndex();
  readonly #client: EventStoreDBClient;
  readonly #prefix: string;
  readonly #signal: CommitSignal;
  /** The last `$all` event examined, of any stream: catch-up resumes after it. */
  #lastSeen: LogPosition | null = null;
  #tail: Promise<void> = Promise.resolve();
  #queued: Promise<void> | undefined;
  #doorbell: AllStreamSubscription | undefined;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(client: EventStoreDBClient, prefix: string, signal: CommitSignal) {
    this.#client = client;
    this.#prefix = prefix;
    this.#signal = signal;
  }

  /**
   * Resolves once the index holds every event of the namespace committed before this call. Calls made while a
   * catch-up runs share the next one (which starts after the running one, hence after their call).
   */
  catchUp(): Promise<void> {
    if (this.#queued === undefined) {
      const next = this.#tail.then(() => {
        this.#queued = undefined;
        return this.#readToEnd();
      });
      this.#queued = next;
      this.#tail = next.catch(() => undefined);
    }
    return this.#queued;
  }

  /**
   * `find()` once the index shows it: tries, then catches up and tries again, for about a second, since an event
   * just acknowledged or just read from its stream may reach `$all` reads a moment later. Undefined if it never
   * does.
   */
  async until<T>(find: () => T | undefined): Promise<T | undefined> {
    for (let attempt = 0; ; attempt++) {
      const found = find();
      if (found !== undefined || attempt === VISIBILITY_ATTEMPTS || this.#closed) return found;
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, VISIBILITY_WAIT_MS));
      await this.catchUp();
    }
  }

  /** Starts the live doorbell and the poll (every `pollMs`), which also re-opens a doorbell the server dropped. */
  startFollowing(pollMs: number): void {
    this.#ring();
    this.#timer = setInterval(() => {
      if (this.#doorbell === undefined) this.#ring();
      this.catchUp().catch(() => undefined); // a failed background catch-up is retried by the next tick
    }, pollMs);
    this.#timer.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    const doorbell = this.#doorbell;
    this.#doorbell = undefined;
    await doorbell?.unsubscribe().catch(() => undefined);
    await this.#tail;
  }

  async #readToEnd(): Promise<void> {
    const before = this.index.length;
    for await (const event of scanAll(
      this.#client,
      this.#lastSeen ?? 'start',
      this.#lastSeen,
      CATCH_UP_PAGE,
    )) {
      if (mirStreamName(this.#prefix, event.streamId) !== null) this.index.add(event.position, event.id);
      this.#lastSeen = event.position;
    }
    if (this.index.length > before && !this.#closed) this.#signal.notify(this.index.length - 1);
  }

  #ring(): void {
    if (this.#closed) return;
    const doorbell = this.#client.subscribeToAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [this.#prefix] }),
    });
    doorbell.on('data', () => void this.catchUp().catch(() => undefined));
    const dropped = () => {
      if (this.#doorbell === doorbell) this.#doorbell = undefined;
    };
    doorbell.on('error', dropped);
    doorbell.on('close', dropped);
    this.#doorbell = doorbell;
  }
}
