import { isStorageError } from '../../domain/index.js';
import type { EventFilter, EventSubscription, RecordedEvent, SubscribeOptions } from '../../domain/index.js';
import { resolveAllRead } from '../append/readOptions.js';
import type { CommitSignal } from './commitSignal.js';

/** One page of the global log as a subscription reads it. */
export interface SubscriptionPage {
  readonly events: readonly RecordedEvent[];
  /** First position not examined yet (past filtered-out events too, so they are not scanned again). */
  readonly nextPosition: number;
  /** True when the page reached the head of the log as it was at read time. */
  readonly reachedHead: boolean;
}

export type PageReader = (
  fromPosition: number,
  maxCount: number,
  filter?: EventFilter,
) => Promise<SubscriptionPage>;

export interface PullSubscriptionOptions {
  readonly fromPosition: number;
  readonly filter?: EventFilter;
  readonly pageSize: number;
  /** Re-read this often while idle, for writers the commit signal cannot see (other processes). */
  readonly pollMs?: number;
  readonly onClose?: () => void;
}

/** Longest wait between reads while the store keeps failing. */
const MAX_RETRY_BACKOFF_MS = 1000;

/**
 * A catch-up subscription that always reads the store from the next undelivered position. Live delivery is the
 * same read, woken by the commit signal: catch-up and live are one loop, so the switch can neither skip nor
 * repeat an event, and a slow consumer simply reads later rather than buffering. Retryable storage faults are
 * retried with backoff (the next read starts where delivery stopped); corruption and a closed log end it.
 */
export function createPullSubscription(
  readPage: PageReader,
  signal: CommitSignal,
  options: PullSubscriptionOptions,
): EventSubscription {
  let closed = false;
  let cancelWait: (() => void) | undefined;

  async function* events(): AsyncGenerator<RecordedEvent> {
    let next = options.fromPosition;
    let backoffMs = 0;
    while (!closed) {
      const seen = signal.sequence;
      let page: SubscriptionPage;
      try {
        page = await readPage(next, options.pageSize, options.filter);
        backoffMs = 0;
      } catch (error) {
        // A store that is briefly away (a database restart) delays delivery; it does not end the subscription.
        if (!isStorageError(error) || error.code === 'STORAGE_CORRUPT') throw error;
        backoffMs = Math.min(Math.max(backoffMs * 2, 20), MAX_RETRY_BACKOFF_MS);
        await pause(backoffMs);
        continue;
      }
      for (const event of page.events) {
        if (closed) return;
        yield event;
      }
      next = page.nextPosition;
      if (page.reachedHead && !closed) {
        const wait = signal.waitBeyond(seen, options.pollMs);
        cancelWait = wait.cancel;
        await wait.promise;
        cancelWait = undefined;
      }
    }
  }

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      cancelWait = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const iterator = events();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: () => {
      if (!closed) {
        closed = true;
        cancelWait?.();
        options.onClose?.();
      }
      return Promise.resolve();
    },
  };
}

/**
 * The subscriptions of one event log: each `subscribe` resolves the caller's options (INVALID_READ on nonsense)
 * and opens a pull subscription over the log's page reader and commit signal; `closeAll` ends every one still open
 * (the log's close).
 */
export class LogSubscriptions {
  readonly #open = new Set<EventSubscription>();
  readonly #readPage: PageReader;
  readonly #signal: CommitSignal;
  readonly #pollMs: number | undefined;

  /** `pollMs`: how often idle subscriptions re-read for commits the signal cannot see (none: never). */
  constructor(readPage: PageReader, signal: CommitSignal, pollMs?: number) {
    this.#readPage = readPage;
    this.#signal = signal;
    this.#pollMs = pollMs;
  }

  subscribe(options: SubscribeOptions = {}): EventSubscription {
    const read = resolveAllRead({ fromPosition: options.fromPosition, filter: options.filter });
    const subscription = createPullSubscription(this.#readPage, this.#signal, {
      fromPosition: read.fromPosition ?? 0,
      filter: read.filter,
      pageSize: 1000,
      pollMs: this.#pollMs,
      onClose: () => this.#open.delete(subscription),
    });
    this.#open.add(subscription);
    return subscription;
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#open].map((subscription) => subscription.close()));
  }
}
