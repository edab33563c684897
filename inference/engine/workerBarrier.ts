/// <reference lib="es2024.sharedmemory" />
import type { WorkerBarrier } from './workerProtocol.js';

/**
 * A barrier for `parties` broadcast tasks. Piscina has no broadcast, but with one task per worker at a time
 * (`concurrentTasksPerWorker: 1`) and as many tasks as workers, tasks that each wait here until all have arrived
 * must be sitting on different workers: no worker can take a second one while it holds the first.
 */
export function newWorkerBarrier(parties: number, waitMs: number): WorkerBarrier {
  return { counter: new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT)), parties, waitMs };
}

/**
 * Worker side: counts this task in, then waits (without blocking the worker's event loop) until every party has
 * arrived or `waitMs` has passed. True when all arrived; false on time-out, when some worker was busy with a long
 * inference: the broadcast then still reaches the workers that arrived, and the rest load lazily on first use.
 */
export async function arriveAndWait({ counter, parties, waitMs }: WorkerBarrier): Promise<boolean> {
  Atomics.add(counter, 0, 1);
  Atomics.notify(counter, 0);
  const deadline = performance.now() + waitMs;
  for (;;) {
    const arrived = Atomics.load(counter, 0);
    if (arrived >= parties) return true;
    const remainingMs = deadline - performance.now();
    if (remainingMs <= 0) return false;
    const wait = Atomics.waitAsync(counter, 0, arrived, remainingMs);
    if (wait.async) await wait.value;
  }
}
