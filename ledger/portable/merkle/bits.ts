/**
 * Bit arithmetic on tree sizes and indexes held as JS numbers. JavaScript's bitwise operators truncate to
 * 32 bits, while ledger sizes may grow past 2^32, so everything here splits values into 32-bit halves or
 * uses exact power-of-two division. Every argument must be a non-negative safe integer (< 2^53).
 */

const TWO_32 = 2 ** 32;

/** Number of bits needed to write `n` (0 for 0): floor(log2(n)) + 1. */
export function bitLength(n: number): number {
  if (n < TWO_32) return 32 - Math.clz32(n);
  return 64 - Math.clz32(Math.floor(n / TWO_32));
}

/** bitLength(a XOR b): one more than the position of the highest bit where `a` and `b` differ. */
export function xorBitLength(a: number, b: number): number {
  const highA = Math.floor(a / TWO_32);
  const highB = Math.floor(b / TWO_32);
  if (highA !== highB) return 64 - Math.clz32(highA ^ highB);
  return 32 - Math.clz32((a % TWO_32) ^ (b % TWO_32));
}

/** Number of trailing zero bits of `n`. Precondition: n > 0. */
export function trailingZeros(n: number): number {
  const low = n % TWO_32;
  if (low !== 0) return 31 - Math.clz32(low & -low);
  return 32 + trailingZeros(n / TWO_32);
}

/** Number of set bits of `n`. */
export function popCount(n: number): number {
  return popCount32(n % TWO_32) + popCount32(Math.floor(n / TWO_32));
}

function popCount32(n: number): number {
  let count = 0;
  for (let rest = n >>> 0; rest !== 0; rest = (rest & (rest - 1)) >>> 0) count++;
  return count;
}

/** floor(n / 2^k), exact for safe integers. */
export function shiftRight(n: number, k: number): number {
  return Math.floor(n / 2 ** k);
}

/** True when bit `k` of `n` is set. */
export function hasBit(n: number, k: number): boolean {
  return shiftRight(n, k) % 2 === 1;
}
