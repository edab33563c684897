import { describe, expect, it } from 'vitest';

import { mulberry32 } from './seededRandom.js';

describe('mulberry32', () => {
  it('given a seed, then the pinned sequence (cross-checked with an independent Python implementation)', () => {
    const random = mulberry32(42);
    expect([random(), random(), random()].map((value) => value * 2 ** 32)).toEqual([
      2581720956, 1925393290, 3661312704,
    ]);
    const zero = mulberry32(0);
    expect([zero(), zero()].map((value) => value * 2 ** 32)).toEqual([1144304738, 1416247]);
  });

  it('given two generators with the same seed, then the same values; another seed, other values', () => {
    const first = mulberry32(7);
    const second = mulberry32(7);
    const other = mulberry32(8);
    const drawn = Array.from({ length: 100 }, () => first());
    expect(Array.from({ length: 100 }, () => second())).toEqual(drawn);
    expect(Array.from({ length: 100 }, () => other())).not.toEqual(drawn);
  });

  it('given many draws, then every value lies in [0, 1)', () => {
    const random = mulberry32(1);
    const values = Array.from({ length: 10_000 }, () => random());
    expect(values.every((value) => value >= 0 && value < 1)).toBe(true);
  });
});
