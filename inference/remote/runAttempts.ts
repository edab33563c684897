import { setTimeout as sleep } from 'node:timers/promises';
import type { CompletionError } from '../../domain/index.js';
import { classifyAttemptFailure, completionFailure, type AttemptFailure } from './engineFailure.js';

/** How long to wait between attempts. */
export interface BackoffSettings {
  /** Wait before the first retry; doubles per retry. */
  readonly initialBackoffMs: number;
  /** The longest computed wait. */
  readonly maxBackoffMs: number;
  /** The longest `retry-after` honoured: an endpoint asking for more is not retried. */
  readonly maxRetryAfterMs: number;
  /** In [0, 1): the jitter source. */
  readonly random: () => number;
}

/** What one attempt is given. */
export interface AttemptControl {
  /** Aborts when the caller aborts or the attempt's deadline passes: pass it to the request. */
  readonly signal: AbortSignal;
  /** Restarts the deadline: a stream calls it on each chunk, so its deadline is an idle timeout. */
  rearm(): void;
  /** Output has been passed on (a streamed delta): a failure from now on is final, a retry would repeat it. */
  commit(): void;
}

export interface AttemptPlan {
  readonly engine: string;
  readonly timeoutMs: number;
  readonly maxRetries: number;
  readonly secret: string | null;
  readonly signal: AbortSignal | undefined;
  readonly backoff: BackoffSettings;
}

/** Exponential backoff with up to 25% jitter off, or what the endpoint asked for. */
function waitBefore(retry: number, failure: AttemptFailure, backoff: BackoffSettings): number {
  if (failure.retryAfterMs !== null) return failure.retryAfterMs;
  const exponential = Math.min(backoff.maxBackoffMs, backoff.initialBackoffMs * 2 ** (retry - 1));
  return exponential * (1 - backoff.random() * 0.25);
}

/** Runs one attempt under its deadline; resolves with its value or with how it failed. */
async function attemptOnce<T>(
  plan: AttemptPlan,
  attempt: (control: AttemptControl) => Promise<T>,
): Promise<{ value: T } | { failure: AttemptFailure; committed: boolean }> {
  const deadline = new AbortController();
  let timer = setTimeout(() => deadline.abort(), plan.timeoutMs);
  let committed = false;
  const signals = plan.signal === undefined ? [deadline.signal] : [deadline.signal, plan.signal];
  const control: AttemptControl = {
    signal: AbortSignal.any(signals),
    rearm: () => {
      clearTimeout(timer);
      timer = setTimeout(() => deadline.abort(), plan.timeoutMs);
    },
    commit: () => {
      committed = true;
    },
  };
  try {
    return { value: await attempt(control) };
  } catch (error) {
    const state = {
      aborted: plan.signal?.aborted === true,
      timedOut: deadline.signal.aborted,
      secret: plan.secret,
    };
    return { failure: classifyAttemptFailure(error, state), committed };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * THE retry loop of remote engine calls (the client's own is switched off): runs `attempt` up to
 * `1 + maxRetries` times, each under `timeoutMs`, retrying idempotent failures after a backoff that the caller's
 * signal cuts short. Resolves with the value and the attempts made; rejects with a `CompletionError` only.
 */
export async function runAttempts<T>(
  plan: AttemptPlan,
  attempt: (control: AttemptControl) => Promise<T>,
): Promise<{ readonly value: T; readonly attempts: number }> {
  for (let attempts = 1; ; attempts += 1) {
    const outcome = await attemptOnce(plan, attempt);
    if ('value' in outcome) return { value: outcome.value, attempts };
    const { failure, committed } = outcome;
    const final =
      !failure.retryable ||
      committed ||
      attempts > plan.maxRetries ||
      (failure.retryAfterMs !== null && failure.retryAfterMs > plan.backoff.maxRetryAfterMs);
    if (final) throw completionFailure(plan.engine, attempts, failure);
    await pause(plan, attempts, failure);
  }
}

async function pause(plan: AttemptPlan, attempts: number, failure: AttemptFailure): Promise<void> {
  try {
    await sleep(waitBefore(attempts, failure, plan.backoff), undefined, { signal: plan.signal });
  } catch {
    const aborted: CompletionError = completionFailure(plan.engine, attempts, {
      ...failure,
      code: 'ENGINE_ABORTED',
      retryable: false,
      summary: 'was aborted while waiting to retry',
    });
    throw aborted;
  }
}
