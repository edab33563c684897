/** A small deterministic PRNG (mulberry32) so randomised tests replay identically. */
export function seededRandom(seed: number): { int(maxExclusive: number): number } {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  return { int: (maxExclusive) => Math.floor(next() * maxExclusive) };
}
