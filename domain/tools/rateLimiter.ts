import type { RateLimit } from './toolEvents.js';

export type RateLimitDecision =
  | { readonly allowed: true; readonly remaining: number | null }
  | { readonly allowed: false; readonly code: 'TOOL_RATE_LIMITED'; readonly retryAfterMs: number };

/**
 * Sliding-window rate limit: a call at `now` is admitted when fewer than `limit.calls` earlier calls happened in
 * the window `(now - perMs, now]`. `recentCalls` are the epoch-millisecond times of earlier calls (e.g. the
 * `occurredAt` of the tool's `ToolCallRequested` events), in any order; older ones are ignored, and times after
 * `now` (another writer's clock running ahead) count as inside the window.
 *
 * When refused, `retryAfterMs` is the wait (≥ 1) until enough of those calls leave the window to admit one more.
 * A `null` limit admits everything (`remaining: null`).
 */
export function decideRateLimit(
  recentCalls: readonly number[],
  limit: RateLimit | null,
  now: number,
): RateLimitDecision {
  if (limit === null) return { allowed: true, remaining: null };
  const windowStart = now - limit.perMs;
  const inWindow = recentCalls.filter((at) => at > windowStart).sort((a, b) => a - b);
  if (inWindow.length < limit.calls) return { allowed: true, remaining: limit.calls - inWindow.length - 1 };
  // The call at index `excess` is the last that must leave the window before `calls - 1` remain in it.
  const excess = inWindow.length - limit.calls;
  const leavesAt = inWindow[excess]! + limit.perMs;
  return { allowed: false, code: 'TOOL_RATE_LIMITED', retryAfterMs: Math.max(1, leavesAt - now) };
}
