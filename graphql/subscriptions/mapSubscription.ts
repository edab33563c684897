import type { EventSubscription, RecordedEvent } from '../../domain/index.js';
import { unauthenticatedError } from '../access/accessErrors.js';

/**
 * Adapts a catch-up subscription of the log to the async iterator GraphQL consumes: first the `initial` values,
 * then for each event in position order the values `expand` makes of it (none, one or several). `return()` closes
 * the log subscription at once, even while it waits for the next commit (an async generator could not: its
 * `return()` would wait for that commit). Before each event `stillAuthorized` is asked; once it says no, the
 * subscription ends with UNAUTHENTICATED. Once a value `isLast` says ends the stream has been delivered, the log
 * subscription is closed and the iterator completes.
 */
export function expandSubscription<T>(
  subscription: EventSubscription,
  expand: (event: RecordedEvent) => Promise<readonly T[]> | readonly T[],
  options: SubscriptionOptions<T> & { readonly initial?: readonly T[] } = {},
): AsyncIterableIterator<T> {
  const source = subscription[Symbol.asyncIterator]();
  const stillAuthorized = options.stillAuthorized ?? (() => Promise.resolve(true));
  const isLast = options.isLast ?? (() => false);
  const ready: T[] = [...(options.initial ?? [])];
  let ended = false;
  const done = (): IteratorReturnResult<undefined> => ({ done: true, value: undefined });
  const iterator: AsyncIterableIterator<T> = {
    async next(): Promise<IteratorResult<T>> {
      if (ended) return done();
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
      const value = ready.shift()!;
      if (await isLast(value)) {
        ended = true;
        ready.length = 0;
        await subscription.close();
      }
      return { done: false, value };
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

export interface SubscriptionOptions<T> {
  /** Asked before each event; once it says no, the subscription ends with UNAUTHENTICATED. */
  readonly stillAuthorized?: () => Promise<boolean>;
  /** True for the value after which the stream completes (e.g. a run's terminal event); default: none. */
  readonly isLast?: (value: T) => boolean | Promise<boolean>;
}

/** `expandSubscription` with one value per event, or none where `map` returns null. */
export function mapSubscription<T>(
  subscription: EventSubscription,
  map: (event: RecordedEvent) => Promise<T | null> | T | null,
  options: SubscriptionOptions<T> = {},
): AsyncIterableIterator<T> {
  return expandSubscription(
    subscription,
    async (event) => {
      const mapped = await map(event);
      return mapped === null ? [] : [mapped];
    },
    options,
  );
}

/** Where a live-only subscription starts: just past the current head. */
export async function nextPosition(log: { headPosition(): Promise<number | null> }): Promise<number> {
  const head = await log.headPosition();
  return head === null ? 0 : head + 1;
}
