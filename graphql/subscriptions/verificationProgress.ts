import type { VerificationReport, VerifyLedgerOptions } from '../../ledger/index.js';

/** One item of the `ledgerVerification` subscription; `report` only on the last (`done`). */
export interface VerificationProgress {
  readonly eventsVerified: number;
  readonly total: number;
  readonly done: boolean;
  readonly report: VerificationReport | null;
}

/** Starts a verification that reports progress to `watch` and stops once `watch.signal` aborts. */
export type StartVerification = (
  watch: Required<Pick<VerifyLedgerOptions, 'onProgress' | 'signal'>>,
) => Promise<VerificationReport>;

/** Default spacing of progress items: at most ten a second. */
export const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs `start` and streams its progress: the latest (verified, total) at most once per `intervalMs` (progress in
 * between is folded into the next item), then one last item with `done` and the report; a failed verification
 * ends the stream with its error. `return()` (the client went away) aborts the verification at once, even while
 * waiting for progress; an async generator could not, its `return()` waits for the next item.
 */
export function verificationProgress(
  start: StartVerification,
  intervalMs = PROGRESS_INTERVAL_MS,
): AsyncIterableIterator<VerificationProgress> {
  return new ProgressStream(start, intervalMs);
}

type Outcome = { readonly report: VerificationReport } | { readonly error: unknown };

class ProgressStream implements AsyncIterableIterator<VerificationProgress> {
  readonly #controller = new AbortController();
  readonly #intervalMs: number;
  /** Progress not sent yet, and the total last heard. */
  #latest: number | null = null;
  #total: number | null = null;
  #sentAt = -Infinity;
  #outcome: Outcome | null = null;
  #ended = false;
  #wake: (() => void) | null = null;

  constructor(start: StartVerification, intervalMs: number) {
    this.#intervalMs = intervalMs;
    const onProgress = (verified: number, total: number) => {
      [this.#latest, this.#total] = [verified, total];
      this.#poke();
    };
    start({ signal: this.#controller.signal, onProgress }).then(
      (report) => this.#settle({ report }),
      (error: unknown) => this.#settle({ error }),
    );
  }

  async next(): Promise<IteratorResult<VerificationProgress>> {
    for (;;) {
      if (this.#ended) return { done: true, value: undefined };
      if (this.#outcome !== null) return { done: false, value: this.#finish(this.#outcome) };
      const wait = this.#sentAt + this.#intervalMs - performance.now();
      if (this.#latest !== null && wait <= 0) return { done: false, value: this.#progress(this.#latest) };
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        if (this.#latest !== null) setTimeout(resolve, wait);
      });
    }
  }

  /** The subscriber went away: stop the verification now. */
  return(): Promise<IteratorResult<VerificationProgress>> {
    this.#ended = true;
    this.#controller.abort(new Error('the subscriber went away'));
    this.#poke();
    return Promise.resolve({ done: true, value: undefined });
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  #poke(): void {
    this.#wake?.();
    this.#wake = null;
  }

  #settle(outcome: Outcome): void {
    this.#outcome = outcome;
    this.#poke();
  }

  #progress(eventsVerified: number): VerificationProgress {
    this.#latest = null;
    this.#sentAt = performance.now();
    return { eventsVerified, total: this.#total ?? eventsVerified, done: false, report: null };
  }

  #finish(outcome: Outcome): VerificationProgress {
    this.#ended = true;
    if ('error' in outcome) throw outcome.error;
    const { eventsVerified } = outcome.report;
    return { eventsVerified, total: this.#total ?? eventsVerified, done: true, report: outcome.report };
  }
}
