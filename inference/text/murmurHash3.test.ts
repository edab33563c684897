import { describe, expect, it } from 'vitest';

import { murmurHash3x86, murmurHash3x86Utf8 } from './murmurHash3.js';

// Expected values come from Austin Appleby's C reference (MurmurHash3_x86_32) compiled with gcc; the ones at seed
// 0x9747b28c are also the widely published test vectors.
const VECTORS: readonly [text: string, seed: number, hash: number][] = [
  ['', 0, 0x00000000],
  ['', 1, 0x514e28b7],
  ['', 0xffffffff, 0x81f16f39],
  ['a', 0x9747b28c, 0x7fa09ea6],
  ['ab', 0x9747b28c, 0x74875592],
  ['abc', 0x9747b28c, 0xc84a62dd],
  ['abcd', 0x9747b28c, 0xf0478627],
  ['Hello, world!', 0, 0xc0363e43],
  ['Hello, world!', 0x9747b28c, 0x24884cba],
  ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
  ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ['ππππππππ', 0x9747b28c, 0xd58063c1],
  ['w:delete', 1, 0x9f520dd0],
];

describe('murmurHash3x86', () => {
  it.each(VECTORS)('given %j and seed %i, then the reference hash', (text, seed, hash) => {
    expect(murmurHash3x86Utf8(text, seed)).toBe(hash);
  });

  it('given each tail length (1–3 bytes after whole blocks), then the reference hash', () => {
    // Given bytes 0x21 0x43 0x65 0x87 and its prefixes (the reference's verification inputs)
    const bytes = Uint8Array.of(0x21, 0x43, 0x65, 0x87);
    // Then
    expect(murmurHash3x86(bytes.subarray(0, 1))).toBe(0x72661cf4);
    expect(murmurHash3x86(bytes.subarray(0, 2))).toBe(0xa0f7b07a);
    expect(murmurHash3x86(bytes.subarray(0, 3))).toBe(0x7e4a8634);
    expect(murmurHash3x86(bytes)).toBe(0xf55b516b);
    expect(murmurHash3x86(bytes, 0x5082edee)).toBe(0x2362f9de);
  });

  it('given any input, then an unsigned 32-bit integer', () => {
    const hash = murmurHash3x86(Uint8Array.of(0xff, 0xff, 0xff, 0xff));
    expect(hash).toBe(0x76293b50);
    expect(Number.isInteger(hash) && hash >= 0 && hash < 2 ** 32).toBe(true);
  });
});
