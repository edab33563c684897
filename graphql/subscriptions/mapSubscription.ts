import type { EventSubscription, RecordedEvent } from '../../domain/index.js';
import { unauthenticatedError } from '../access/accessErrors.js';

/**
 * Adapts a catch-up subscription of the log to the async iterator GraphQL consumes: first the `initial` values,
 * then for each event in position order the values `expand` makes of it (none, one or several). `return()` closes
 * the log subscription at once, even while it waits for the next commit (an async generator could not: its
 * `return()` would wait for that commit). Before each event `stillAuthorized` is asked; once it says no, the
 * subscription ends with UNAUTHENTICATED.
 */
export function expandSubscription<T>(
  subscription: EventSubscription,
  expand: (event: RecordedEvent) => Promise<readonly T[]> | readonly T[],
  options: { readonly initial?: readonly T[]; readonly stillAuthorized?: () => Promise<boolean> } = {},
): AsyncIterableIterator<T> {
  const source = subscription[Symbol.asyncIterator]();
  const stillAuthorized = options.stillAuthorized ?? (() => Promise.resolve(true));
  const ready: T[] = [...(options.initial ?? [])];
  const done = (): IteratorReturnResult<undefined> => ({ done: true, value: undefined });
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      while (ready.length === 0) {
        const step = await source.next();
        if (step.done === true) return done();
        if (!(await stillAuthorized())) {
          // The key was revoked after subscribing: end the stream with the same error a new request would get.
          await subscription.close();
          throw unauthenticatedError();
        }
        ready.push(...(await expand(step.value)));
      }
      return { done: false, value: ready.shift()! };
    },
    async return() {
      ready.length = 0;
      await subscription.close();
      return done();
    },
    async throw(error: unknown) {
      ready.length = 0;
      await subscription.close();
      throw error instanceof Error ? error : new Error(String(error));
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** `expandSubscription` with one value per event, or none where `map` returns null. */
export function mapSubscription<T>(
  subscription: EventSubscription,
  map: (event: RecordedEvent) => Promise<T | null> | T | null,
  stillAuthorized?: () => Promise<boolean>,
): AsyncIterableIterator<T> {
  return expandSubscription(
    subscription,
    async (event) => {
      const mapped = await map(event);
      return mapped === null ? [] : [mapped];
    },
    stillAuthorized === undefined ? {} : { stillAuthorized },
  );
}

/** Where a live-only subscription starts: just past the current head. */
export async function nextPosition(log: { headPosition(): Promise<number | null> }): Promise<number> {
  const head = await log.headPosition();
  return head === null ? 0 : head + 1;
}
