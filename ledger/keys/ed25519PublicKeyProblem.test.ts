import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNodeEd25519Signer } from './ed25519Signer.js';
import { ed25519PublicKeyProblem } from '../portable/ed25519PublicKeyProblem.js';
import { verifyEd25519, verifyEd25519Tweetnacl } from './verifyEd25519.js';

/** Little-endian 32-byte encoding of y, with the x sign bit optionally set. */
function encodeY(y: bigint, signBit = false): Uint8Array {
  const bytes = new Uint8Array(32);
  let rest = y;
  for (let index = 0; index < 32; index++) {
    bytes[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  if (signBit) {
    bytes[31] = (bytes[31] ?? 0) | 0x80;
  }
  return bytes;
}

const P = 2n ** 255n - 19n;
/** Points whose order divides 8, by their y: the identity (1), order 2 (-1), order 4 (0). */
const SMALL_ORDER_Y: ReadonlyArray<readonly [string, bigint]> = [
  ['the identity (y = 1)', 1n],
  ['the point of order 2 (y = -1)', P - 1n],
  ['a point of order 4 (y = 0)', 0n],
];

describe('ed25519PublicKeyProblem', () => {
  for (const [description, y] of SMALL_ORDER_Y) {
    it(`given ${description}, with either sign bit, when checked, then it is refused as small order`, () => {
      expect(ed25519PublicKeyProblem(encodeY(y))).toBe('public key is a point of small order');
      expect(ed25519PublicKeyProblem(encodeY(y, true))).toBe('public key is a point of small order');
    });
  }

  it('given encodings with y ≥ 2^255 - 19, when checked, then they are refused as non-canonical', () => {
    for (const y of [P, P + 1n, P + 18n]) {
      expect(ed25519PublicKeyProblem(encodeY(y))).toMatch(/not canonical/);
    }
  });

  it('given keys derived from random seeds, when checked, then none is refused', () => {
    for (let round = 0; round < 200; round++) {
      expect(ed25519PublicKeyProblem(createNodeEd25519Signer(randomBytes(32)).publicKey)).toBeUndefined();
    }
  });

  it('given a key of the wrong length, when checked, then it is refused', () => {
    expect(ed25519PublicKeyProblem(new Uint8Array(31))).toMatch(/32 bytes/);
  });

  it('given the identity as key and (R = identity, S = 0), when verifying any message, then plain RFC 8032 accepts but verifyEd25519 refuses', () => {
    const identity = encodeY(1n);
    const forged = new Uint8Array(64);
    forged.set(identity, 0);
    for (let round = 0; round < 10; round++) {
      const message = randomBytes(40);
      expect(verifyEd25519Tweetnacl(identity, message, forged)).toBe(true);
      expect(verifyEd25519(identity, message, forged)).toBe(false);
    }
  });
});
