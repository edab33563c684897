/** Waiting, injected: the domain never sets timers itself. */
export interface Timer {
  /** Resolves with `promise`'s value if it settles within `ms`, else with `undefined` (the promise runs on). */
  within<T>(promise: Promise<T>, ms: number): Promise<T | undefined>;
  /**
   * Calls `callback` once, `ms` from now (at the earliest); returns the function that cancels it. A pending call
   * never keeps the process alive on its own.
   */
  after(ms: number, callback: () => void): () => void;
}
