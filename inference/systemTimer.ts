import type { Timer } from '../domain/index.js';

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
};
