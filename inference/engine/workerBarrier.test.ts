import { describe, expect, it } from 'vitest';
import { arriveAndWait, newWorkerBarrier } from './workerBarrier.js';

describe('worker barrier', () => {
  it('releases every party once all have arrived', async () => {
    const barrier = newWorkerBarrier(3, 5_000);

    await expect(Promise.all([1, 2, 3].map(() => arriveAndWait(barrier)))).resolves.toEqual([
      true,
      true,
      true,
    ]);
  });

  it('gives up after its wait when a party never arrives', async () => {
    const barrier = newWorkerBarrier(2, 10);

    await expect(arriveAndWait(barrier)).resolves.toBe(false);
  });
});
