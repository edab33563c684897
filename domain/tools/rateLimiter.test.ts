import { describe, expect, it } from 'vitest';
import { decideRateLimit } from './rateLimiter.js';

const limit = { calls: 3, perMs: 1_000 };

describe('tool rate limiter', () => {
  it('given fewer calls than the limit in the window, then the call is allowed with what remains', () => {
    expect(decideRateLimit([9_100, 9_500], limit, 10_000)).toEqual({ allowed: true, remaining: 0 });
  });

  it('given calls older than the window (or exactly perMs old), then they do not count', () => {
    expect(decideRateLimit([8_000, 9_000, 9_000, 9_500], limit, 10_000)).toEqual({
      allowed: true,
      remaining: 1,
    });
  });

  it('given the limit is used up, then TOOL_RATE_LIMITED until the oldest call in the window leaves it', () => {
    const decision = decideRateLimit([9_800, 9_200, 9_500], limit, 10_000);
    expect(decision).toEqual({ allowed: false, code: 'TOOL_RATE_LIMITED', retryAfterMs: 200 });
    expect(decideRateLimit([9_800, 9_200, 9_500], limit, 10_200).allowed).toBe(true);
    expect(decideRateLimit([9_800, 9_200, 9_500], limit, 10_199).allowed).toBe(false);
  });

  it('given more calls than the limit (racing writers), then the wait covers every excess call', () => {
    const decision = decideRateLimit([9_100, 9_200, 9_300, 9_400, 9_500], limit, 10_000);
    expect(decision).toMatchObject({ allowed: false, retryAfterMs: 300 });
    expect(decideRateLimit([9_100, 9_200, 9_300, 9_400, 9_500], limit, 10_300).allowed).toBe(true);
  });

  it('given calls stamped after now (a clock ahead), then they count as inside the window', () => {
    expect(decideRateLimit([10_050, 10_060, 10_070], limit, 10_000)).toMatchObject({
      allowed: false,
      retryAfterMs: 1_050,
    });
  });

  it('given no limit, then every call is allowed', () => {
    expect(decideRateLimit([1, 2, 3], null, 3)).toEqual({ allowed: true, remaining: null });
  });
});
