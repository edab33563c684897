import type { CompletionDelta } from '../../domain/index.js';

/**
 * The in-process hub streamed completions pass their pieces through on their way to `runActivity` subscribers
 * (the service publishes, subscriptions listen per run). Deltas are never ledger events: a subscriber that was not
 * listening misses them, and the recorded `CompletionCompleted` holds the whole response. A listener that throws
 * is dropped, so one broken subscriber never stops the completion.
 */
export class CompletionDeltaHub {
  readonly #listeners = new Map<string, Set<(delta: CompletionDelta) => void>>();

  publish(delta: CompletionDelta): void {
    for (const listener of this.#listeners.get(delta.runId) ?? []) {
      try {
        listener(delta);
      } catch {
        this.#remove(delta.runId, listener);
      }
    }
  }

  /** Hears the deltas of `runId` until the returned function is called. */
  listen(runId: string, listener: (delta: CompletionDelta) => void): () => void {
    const listeners = this.#listeners.get(runId) ?? new Set();
    listeners.add(listener);
    this.#listeners.set(runId, listeners);
    return () => this.#remove(runId, listener);
  }

  #remove(runId: string, listener: (delta: CompletionDelta) => void): void {
    const listeners = this.#listeners.get(runId);
    listeners?.delete(listener);
    if (listeners?.size === 0) this.#listeners.delete(runId);
  }
}

/**
 * `events` with the deltas `hub` hears for `runId` merged in as they arrive: whichever comes first is delivered
 * first. Listening starts now; it stops when `events` completes or the iterator is returned.
 */
export function withDeltas<T>(
  events: AsyncIterableIterator<T>,
  hub: Pick<CompletionDeltaHub, 'listen'>,
  runId: string,
): AsyncIterableIterator<T | CompletionDelta> {
  const queue: CompletionDelta[] = [];
  let wake: (() => void) | null = null;
  const stop = hub.listen(runId, (delta) => {
    queue.push(delta);
    wake?.();
  });
  let nextEvent: Promise<IteratorResult<T>> | null = null;
  const iterator: AsyncIterableIterator<T | CompletionDelta> = {
    async next(): Promise<IteratorResult<T | CompletionDelta>> {
      for (;;) {
        const delta = queue.shift();
        if (delta !== undefined) return { done: false, value: delta };
        nextEvent ??= events.next();
        const arrived = new Promise<'delta'>((resolve) => (wake = () => resolve('delta')));
        const first = await Promise.race([nextEvent, arrived]);
        wake = null;
        if (first === 'delta') continue;
        nextEvent = null;
        if (first.done === true) stop();
        return first;
      }
    },
    async return(): Promise<IteratorResult<T | CompletionDelta>> {
      stop();
      await events.return?.();
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
