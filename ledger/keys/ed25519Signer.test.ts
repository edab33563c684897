import { randomBytes, randomInt } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../domain/errors/mirError.js';
import { createNodeEd25519Signer, createTweetnaclEd25519Signer } from './ed25519Signer.js';
import type { Ed25519Signer } from './ed25519Signer.js';
import { verifyEd25519, verifyEd25519Tweetnacl } from './verifyEd25519.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

/** RFC 8032, section 7.1, TEST 1 to TEST 3. */
const RFC8032_VECTORS = [
  {
    seed: '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60',
    publicKey: 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a',
    message: '',
    signature:
      'e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b',
  },
  {
    seed: '4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb',
    publicKey: '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c',
    message: '72',
    signature:
      '92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00',
  },
  {
    seed: 'c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7',
    publicKey: 'fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025',
    message: 'af82',
    signature:
      '6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a',
  },
];

const factories: ReadonlyArray<readonly [string, (seed: Uint8Array) => Ed25519Signer]> = [
  ['node:crypto', createNodeEd25519Signer],
  ['tweetnacl', createTweetnaclEd25519Signer],
];

function flipBit(bytes: Uint8Array, bit: number): Uint8Array {
  const copy = Uint8Array.from(bytes);
  const index = Math.floor(bit / 8) % copy.length;
  copy[index] = (copy[index] ?? 0) ^ (1 << (bit % 8));
  return copy;
}

describe('Ed25519 signers', () => {
  for (const [implementation, create] of factories) {
    it(`given the RFC 8032 seeds, when signing with ${implementation}, then keys and signatures match the RFC`, () => {
      for (const vector of RFC8032_VECTORS) {
        const signer = create(fromHex(vector.seed));
        expect(hex(signer.publicKey)).toBe(vector.publicKey);
        expect(hex(signer.sign(fromHex(vector.message)))).toBe(vector.signature);
      }
    });

    it(`given a seed that is not 32 bytes, when creating a ${implementation} signer, then KEY_SEED_INVALID names both lengths`, () => {
      for (const length of [0, 31, 33, 64]) {
        let caught: unknown;
        try {
          create(new Uint8Array(length));
        } catch (error) {
          caught = error;
        }
        expect(hasErrorCode(caught, 'KEY_SEED_INVALID')).toBe(true);
        expect(hasErrorCode(caught, 'KEY_SEED_INVALID') && caught.details).toEqual({
          expectedLength: 32,
          actualLength: length,
        });
      }
    });

    it(`given a ${implementation} signer, when it is serialized or inspected, then the seed appears nowhere`, () => {
      const seed = randomBytes(32);
      const signer = create(seed);
      expect(Object.keys(signer).sort()).toEqual(['publicKey', 'sign']);
      const renderings = [
        JSON.stringify(signer),
        inspect(signer, { showHidden: true, depth: 10, getters: true }),
      ];
      for (const rendering of renderings) {
        expect(rendering).not.toContain(seed.toString('hex'));
        expect(rendering).not.toContain(seed.toString('base64'));
        expect(rendering).not.toMatch(new RegExp(Array.from(seed.subarray(0, 8)).join(',\\s*')));
      }
    });

    it(`given a ${implementation} signer, when its public key copy is mutated, then the signer is unaffected`, () => {
      const signer = create(fromHex(RFC8032_VECTORS[0]?.seed ?? ''));
      signer.publicKey.fill(0);
      expect(hex(signer.publicKey)).toBe(RFC8032_VECTORS[0]?.publicKey);
    });

    it(`given a caller that zeroes its seed buffer, when the ${implementation} signer signs, then it still uses the original key`, () => {
      const seed = fromHex(RFC8032_VECTORS[1]?.seed ?? '');
      const signer = create(seed);
      seed.fill(0);
      expect(hex(signer.sign(fromHex('72')))).toBe(RFC8032_VECTORS[1]?.signature);
    });
  }

  it('given many random seeds and messages, when both implementations sign, then keys and signatures are byte-identical', () => {
    for (let round = 0; round < 200; round++) {
      const seed = randomBytes(32);
      const message = randomBytes(randomInt(0, 2048));
      const viaNode = createNodeEd25519Signer(seed);
      const viaNacl = createTweetnaclEd25519Signer(seed);
      expect(hex(viaNode.publicKey)).toBe(hex(viaNacl.publicKey));
      expect(hex(viaNode.sign(message))).toBe(hex(viaNacl.sign(message)));
    }
  });
});

describe('Ed25519 verifiers', () => {
  const verifiers = [
    ['node:crypto', verifyEd25519],
    ['tweetnacl', verifyEd25519Tweetnacl],
  ] as const;

  it('given signatures from either signer, when each verifier checks them, then all verify and every bit flip fails', () => {
    for (let round = 0; round < 40; round++) {
      const seed = randomBytes(32);
      const message = randomBytes(randomInt(1, 512));
      for (const [, create] of factories) {
        const signer = create(seed);
        const signature = signer.sign(message);
        const publicKey = signer.publicKey;
        for (const [, verify] of verifiers) {
          expect(verify(publicKey, message, signature)).toBe(true);
          const bit = randomInt(0, 512);
          expect(verify(publicKey, message, flipBit(signature, bit))).toBe(false);
          expect(verify(publicKey, flipBit(message, bit), signature)).toBe(false);
          expect(verify(flipBit(publicKey, bit), message, signature)).toBe(false);
        }
      }
    }
  });

  it('given inputs of the wrong length, when verifying, then both verifiers return false without throwing', () => {
    const signer = createNodeEd25519Signer(randomBytes(32));
    const message = randomBytes(10);
    const signature = signer.sign(message);
    for (const [, verify] of verifiers) {
      expect(verify(signer.publicKey.subarray(0, 31), message, signature)).toBe(false);
      expect(verify(new Uint8Array(33), message, signature)).toBe(false);
      expect(verify(signer.publicKey, message, signature.subarray(0, 63))).toBe(false);
      expect(verify(signer.publicKey, message, new Uint8Array(65))).toBe(false);
    }
  });

  it('given more distinct keys than the key cache holds, when verifying each twice, then every answer is right', () => {
    const signed = Array.from({ length: 300 }, () => {
      const signer = createNodeEd25519Signer(randomBytes(32));
      const message = randomBytes(16);
      return { publicKey: signer.publicKey, message, signature: signer.sign(message) };
    });
    for (let pass = 0; pass < 2; pass++) {
      for (const { publicKey, message, signature } of signed) {
        expect(verifyEd25519(publicKey, message, signature)).toBe(true);
        expect(verifyEd25519(publicKey, message, flipBit(signature, 3))).toBe(false);
      }
    }
  });

  it('given a public key passed as a view into a larger buffer, when verifying, then only the view is used', () => {
    const signer = createNodeEd25519Signer(randomBytes(32));
    const message = randomBytes(32);
    const backing = Buffer.concat([randomBytes(7), signer.publicKey, randomBytes(9)]);
    const view = backing.subarray(7, 39);
    expect(verifyEd25519(view, message, signer.sign(message))).toBe(true);
  });
});
