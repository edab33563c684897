import type { EventSubscription, RecordedEvent } from '../../domain/index.js';
import { unauthenticatedError } from '../access/accessErrors.js';

/**
 * Adapts a catch-up subscription of the log to the async iterator GraphQL consumes: events in position order,
 * each mapped, or skipped when `map` returns null. `return()` closes the log subscription at once, even while it
 * waits for the next commit (an async generator could not: its `return()` would wait for that commit). Before each
 * event `stillAuthorized` is asked; once it says no, the subscription ends with UNAUTHENTICATED.
 */
export function mapSubscription<T>(
  subscription: EventSubscription,
  map: (event: RecordedEvent) => Promise<T | null> | T | null,
  stillAuthorized: () => Promise<boolean> = () => Promise.resolve(true),
): AsyncIterableIterator<T> {
  const source = subscription[Symbol.asyncIterator]();
  const done = (): IteratorReturnResult<undefined> => ({ done: true, value: undefined });
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      for (;;) {
        const step = await source.next();
        if (step.done === true) return done();
        if (!(await stillAuthorized())) {
          // The key was revoked after subscribing: end the stream with the same error a new request would get.
          await subscription.close();
          throw unauthenticatedError();
        }
        const mapped = await map(step.value);
        if (mapped !== null) return { done: false, value: mapped };
      }
    },
    async return() {
      await subscription.close();
      return done();
    },
    async throw(error: unknown) {
      await subscription.close();
      throw error instanceof Error ? error : new Error(String(error));
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** Where a live-only subscription starts: just past the current head. */
export async function nextPosition(log: { headPosition(): Promise<number | null> }): Promise<number> {
  const head = await log.headPosition();
  return head === null ? 0 : head + 1;
}
