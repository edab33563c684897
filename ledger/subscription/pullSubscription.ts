import { isStorageError } from '../../domain/index.js';
import type { EventFilter, EventSubscription, RecordedEvent } from '../../domain/index.js';
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
