import type { Timer } from '../domain/index.js';

/** Node's timers refuse delays above 2^31 − 1 ms (they fire at once instead): longer waits are re-armed. */
const MAX_DELAY_MS = 2 ** 31 - 1;

/** The Timer port on Node's timers; the timer is cleared as soon as the promise settles. */
export const systemTimer: Timer = {
  within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
    return new Promise<T | undefined>((resolve, reject) => {
      const timeout = setTimeout(() => resolve(undefined), ms);
      promise.then(
        (value) => {
          clearTimeout(timeout);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timeout);
          reject(error instanceof Error ? error : new Error(String(error)));
        },
      );
    });
  },
  after(ms: number, callback: () => void): () => void {
    let timeout: NodeJS.Timeout;
    const arm = (left: number) => {
      timeout = setTimeout(
        () => (left > MAX_DELAY_MS ? arm(left - MAX_DELAY_MS) : callback()),
        Math.min(Math.max(0, left), MAX_DELAY_MS),
      );
      timeout.unref();
    };
    arm(ms);
    return () => clearTimeout(timeout);
  },
};
