/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby's public-domain reference `MurmurHash3_x86_32`), over bytes.
 *
 * Pure integer arithmetic on 32-bit values (`Math.imul`, shifts, `>>> 0`), so it gives the same result on every
 * platform and engine. Blocks are read little-endian, as the reference does on x86. Returns an unsigned 32-bit
 * integer (0 … 2^32−1). `seed` is taken modulo 2^32.
 */
export function murmurHash3x86(bytes: Uint8Array, seed = 0): number {
  const C1 = 0xcc9e2d51;
  const C2 = 0x1b873593;
  let hash = seed >>> 0;
  const blockEnd = bytes.length & ~3;
  for (let offset = 0; offset < blockEnd; offset += 4) {
    let block =
      (bytes[offset] as number) |
      ((bytes[offset + 1] as number) << 8) |
      ((bytes[offset + 2] as number) << 16) |
      ((bytes[offset + 3] as number) << 24);
    block = Math.imul(rotateLeft(Math.imul(block, C1), 15), C2);
    hash = rotateLeft(hash ^ block, 13);
    hash = (Math.imul(hash, 5) + 0xe6546b64) | 0;
  }
  const remaining = bytes.length & 3;
  if (remaining > 0) {
    // The 1–3 trailing bytes, little-endian, as the reference's fall-through switch assembles them.
    let tail = 0;
    for (let index = remaining - 1; index >= 0; index -= 1)
      tail = (tail << 8) | (bytes[blockEnd + index] as number);
    hash ^= Math.imul(rotateLeft(Math.imul(tail, C1), 15), C2);
  }
  hash ^= bytes.length;
  return finalMix(hash) >>> 0;
}

const utf8 = new TextEncoder();

/** MurmurHash3 x86 32-bit of the string's UTF-8 bytes. */
export function murmurHash3x86Utf8(text: string, seed = 0): number {
  return murmurHash3x86(utf8.encode(text), seed);
}

function rotateLeft(value: number, bits: number): number {
  return (value << bits) | (value >>> (32 - bits));
}

/** The reference `fmix32`: forces every input bit to affect every output bit. */
function finalMix(value: number): number {
  let hash = value;
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash;
}
