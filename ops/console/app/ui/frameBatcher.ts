/** Schedules a callback before the next paint; `requestAnimationFrame` in the page, injectable for tests. */
export type ScheduleFrame = (callback: () => void) => unknown;

export interface FrameBatcher<T> {
  /** Queues one item; the first item after a flush schedules the next flush. */
  push(item: T): void;
  /** Applies what is queued now (e.g. before the view closes); nothing when the queue is empty. */
  flush(): void;
  /** Drops what is queued and applies nothing more (the view is gone). */
  dispose(): void;
}

/**
 * Collects items arriving one by one (a subscription delivering thousands of history events) and hands them to
 * `apply` as one array per animation frame, in arrival order: a view re-renders once per frame, not once per item.
 */
export function createFrameBatcher<T>(
  apply: (batch: readonly T[]) => void,
  schedule: ScheduleFrame = (callback) => requestAnimationFrame(callback),
): FrameBatcher<T> {
  let queue: T[] = [];
  let scheduled = false;
  let disposed = false;
  const flush = () => {
    scheduled = false;
    if (disposed || queue.length === 0) return;
    const batch = queue;
    queue = [];
    apply(batch);
  };
  return {
    push(item) {
      if (disposed) return;
      queue.push(item);
      if (scheduled) return;
      scheduled = true;
      schedule(flush);
    },
    flush,
    dispose() {
      disposed = true;
      queue = [];
    },
  };
}
