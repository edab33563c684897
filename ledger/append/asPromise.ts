/** Runs `work` now and returns its result as a promise; a throw becomes a rejection (Promise.try before Node 22). */
export function asPromise<T>(work: () => T): Promise<T> {
  return new Promise<T>((resolve) => resolve(work()));
}
