import { giveUpTask } from './taskControl.js';
import type { TaskControl } from './taskControl.js';

/** setTimeout fires at once for delays past 2^31 − 1 ms; longer limits are clamped to that (~24.8 days). */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A task's time limit. On expiry it gives the task up (see taskControl), tells the engine (which fails the request
 * with INFERENCE_TIMEOUT at once), and, only for a task no worker has started, acts as piscina's abort signal so
 * piscina drops the task from its queue. A started task is never aborted through piscina, which would terminate
 * its worker inside ONNX Runtime.
 *
 * It has the shape piscina accepts as a signal (`aborted`, `addEventListener`, `removeEventListener`) and is
 * lighter than an AbortController (~3 µs a request with its EventTarget machinery) on the benchmarked path.
 */
export class TaskDeadline {
  readonly limitMs: number;
  aborted = false;
  /** Set once the deadline passed: whether the task had started by then. */
  outcome: 'not-started' | 'started' | null = null;
  #listeners: (() => void)[] = [];
  readonly #timer: NodeJS.Timeout;

  constructor(limitMs: number, control: TaskControl, onExpiry: () => void) {
    this.limitMs = Math.min(limitMs, MAX_TIMER_MS);
    this.#timer = setTimeout(() => {
      this.outcome = giveUpTask(control);
      onExpiry();
      if (this.outcome === 'not-started') this.#abort();
    }, this.limitMs);
  }

  addEventListener(_name: 'abort', listener: () => void): void {
    this.#listeners.push(listener);
  }

  removeEventListener(_name: 'abort', listener: () => void): void {
    this.#listeners = this.#listeners.filter((candidate) => candidate !== listener);
  }

  /** Call once the task has settled: stops the timer so it neither fires nor keeps the process alive. */
  clear(): void {
    clearTimeout(this.#timer);
  }

  #abort(): void {
    this.aborted = true;
    const listeners = this.#listeners;
    this.#listeners = [];
    for (const listener of listeners) listener();
  }
}
