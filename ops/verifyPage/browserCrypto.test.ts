import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNodeEd25519Signer } from '../../ledger/keys/ed25519Signer.js';
import { nodeCrypto } from '../../ledger/keys/nodeCrypto.js';
import { verifyEd25519Tweetnacl } from '../../ledger/keys/verifyEd25519.js';
import { browserCrypto } from './page/browserCrypto.js';

/** The group order L of Ed25519, for building a non-canonical S (S + L). */
const L = 2n ** 252n + 27742317777372353535851937790883648493n;

function withSPlusL(signature: Uint8Array): Uint8Array {
  let s = 0n;
  for (let index = 63; index >= 32; index--) s = (s << 8n) | BigInt(signature[index]!);
  s += L;
  const out = Uint8Array.from(signature);
  for (let index = 32; index < 64; index++) {
    out[index] = Number(s & 0xffn);
    s >>= 8n;
  }
  return out;
}

// The page's crypto runs here on Node's WebCrypto (the same API the browser has); the Chromium tests run it there.
describe('browserCrypto (WebCrypto SHA-256, tweetnacl Ed25519) agrees with nodeCrypto (OpenSSL)', () => {
  it('given inputs from empty to 1 MiB, when digested, then the digests equal node:crypto SHA-256', async () => {
    for (const data of [new Uint8Array(0), randomBytes(1), randomBytes(64), randomBytes(1 << 20)]) {
      expect(await browserCrypto.sha256(data)).toEqual(new Uint8Array(nodeCrypto.sha256(data)));
    }
  });

  it('given a view into a larger buffer, when digested, then only the viewed bytes count', async () => {
    const whole = randomBytes(100);
    const view = new Uint8Array(whole.buffer, whole.byteOffset + 10, 50);
    expect(await browserCrypto.sha256(view)).toEqual(new Uint8Array(nodeCrypto.sha256(view)));
  });

  it('given a real signature, then it verifies; a changed message, signature or key does not', () => {
    const signer = createNodeEd25519Signer(randomBytes(32));
    const other = createNodeEd25519Signer(randomBytes(32));
    const message = randomBytes(80);
    const signature = signer.sign(message);
    const flipped = Uint8Array.from(signature);
    flipped[5]! ^= 1;
    const cases: [Uint8Array, Uint8Array, Uint8Array, boolean][] = [
      [signer.publicKey, message, signature, true],
      [signer.publicKey, randomBytes(80), signature, false],
      [signer.publicKey, message, flipped, false],
      [other.publicKey, message, signature, false],
      [signer.publicKey, message, signature.subarray(0, 63), false],
      [signer.publicKey.subarray(0, 31), message, signature, false],
    ];
    for (const [publicKey, signed, sig, valid] of cases) {
      expect(browserCrypto.verifyEd25519(publicKey, signed, sig)).toBe(valid);
      expect(nodeCrypto.verifyEd25519(publicKey, signed, sig)).toBe(valid);
    }
  });

  it('given the identity as key and (R = identity, S = 0), then tweetnacl alone accepts any message but browserCrypto refuses, like nodeCrypto', () => {
    const identity = new Uint8Array(32);
    identity[0] = 1;
    const forged = new Uint8Array(64);
    forged.set(identity, 0);
    const message = randomBytes(40);
    expect(verifyEd25519Tweetnacl(identity, message, forged)).toBe(true);
    expect(browserCrypto.verifyEd25519(identity, message, forged)).toBe(false);
    expect(nodeCrypto.verifyEd25519(identity, message, forged)).toBe(false);
  });

  it('given a valid signature with S + L in place of S, then tweetnacl alone accepts it but browserCrypto refuses, like nodeCrypto', () => {
    // S < L < 2^253, so S + L < 2^254 still fits the 32 bytes of S: the same point, another encoding.
    const signer = createNodeEd25519Signer(randomBytes(32));
    const message = randomBytes(32);
    const malleated = withSPlusL(signer.sign(message));
    expect(verifyEd25519Tweetnacl(signer.publicKey, message, malleated)).toBe(true);
    expect(browserCrypto.verifyEd25519(signer.publicKey, message, malleated)).toBe(false);
    expect(nodeCrypto.verifyEd25519(signer.publicKey, message, malleated)).toBe(false);
  });
});
