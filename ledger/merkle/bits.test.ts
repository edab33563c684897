import { describe, expect, it } from 'vitest';
import {
  bitLength,
  hasBit,
  popCount,
  shiftRight,
  trailingZeros,
  xorBitLength,
} from '../portable/merkle/bits.js';

// Values around the 32-bit boundary where JS bitwise operators stop working, up to the safe-integer limit.
const samples = [
  0,
  1,
  2,
  3,
  255,
  256,
  2 ** 31 - 1,
  2 ** 31,
  2 ** 32 - 1,
  2 ** 32,
  2 ** 32 + 1,
  2 ** 33 + 2 ** 31,
  2 ** 40 + 12345,
  2 ** 52,
  2 ** 52 + 1,
  2 ** 53 - 2,
  2 ** 53 - 1,
];

const big = (n: number): bigint => BigInt(n);
const bigBitLength = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length);

describe('bits', () => {
  it('given values past 32 bits, when measuring bit length, then it matches BigInt', () => {
    for (const n of samples) expect(bitLength(n), `${n}`).toBe(bigBitLength(big(n)));
  });

  it('given pairs past 32 bits, when measuring the xor bit length, then it matches BigInt', () => {
    for (const a of samples) {
      for (const b of samples) expect(xorBitLength(a, b), `${a}^${b}`).toBe(bigBitLength(big(a) ^ big(b)));
    }
  });

  it('given non-zero values, when counting trailing zeros, then it matches BigInt', () => {
    for (const n of samples.filter((s) => s > 0)) {
      const binary = big(n).toString(2);
      expect(trailingZeros(n), `${n}`).toBe(binary.length - 1 - binary.lastIndexOf('1'));
    }
  });

  it('given values past 32 bits, when counting and testing bits, then it matches BigInt', () => {
    for (const n of samples) {
      const binary = big(n).toString(2);
      expect(popCount(n), `${n}`).toBe([...binary].filter((c) => c === '1').length);
      for (let k = 0; k < 53; k++) {
        expect(hasBit(n, k), `${n} bit ${k}`).toBe(((big(n) >> BigInt(k)) & 1n) === 1n);
        expect(shiftRight(n, k)).toBe(Number(big(n) >> BigInt(k)));
      }
    }
  });
});
