/**
 * mulberry32 (Tommy Ettinger's public-domain 32-bit generator): a tiny seeded PRNG with integer-only state
 * updates, so a seed gives the same sequence on every platform. Training uses it instead of `Math.random`, which
 * cannot be seeded. Not for anything secret.
 *
 * Returns a function yielding floats uniform in [0, 1), each a multiple of 2^−32.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
