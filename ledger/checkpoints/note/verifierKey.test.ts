import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createNodeEd25519Signer } from '../../keys/index.js';
import { decodeBase64Strict } from '../../portable/bytes.js';
import { isValidKeyName } from './index.js';
import {
  computeKeyId,
  createVerifierKey,
  formatKeyId,
  formatVerifierKey,
  parseVerifierKey,
} from './index.js';
import { errorCodeOf } from '../../testing/errorCodeOf.js';

/** The verifier key of golang.org/x/mod/sumdb/note's documented example (a public test vector). */
const GO_VERIFIER_KEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
/** Its signer key, PRIVATE+KEY+PeterNeumann+c74f20a3+<base64(0x01 ‖ seed)>, reduced to the seed. */
const GO_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(1);

const BAD_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['empty', ''],
  ['a space', 'a b'],
  ['a plus', 'a+b'],
  ['a tab', 'a\tb'],
  ['a newline', 'a\nb'],
  ['a carriage return', 'a\rb'],
  ['a NUL', 'a\u0000b'],
  ['a no-break space', 'a\u00a0b'],
  ['a next-line character', 'a\u0085b'],
  ['an ideographic space', 'a\u3000b'],
  ['a line separator', 'a\u2028b'],
  ['an unpaired surrogate', 'a\ud800b'],
];

describe('key IDs and verifier keys', () => {
  it('given the Go reference key, when parsing it, then name, key ID and public key match its seed', () => {
    const key = parseVerifierKey(GO_VERIFIER_KEY);
    const publicKey = createNodeEd25519Signer(GO_SEED).publicKey;

    expect(key.name).toBe('PeterNeumann');
    expect(key.keyId).toBe(0xc74f20a3);
    expect(Buffer.from(key.publicKey).equals(publicKey)).toBe(true);
    expect(formatVerifierKey('PeterNeumann', publicKey)).toBe(GO_VERIFIER_KEY);
  });

  it('given a name and public key, when computing the key ID, then it is SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key)[:4]', () => {
    const publicKey = randomBytes(32);
    const digest = createHash('sha256')
      .update(Buffer.concat([Buffer.from('log.example/é', 'utf8'), Buffer.from([0x0a, 0x01]), publicKey]))
      .digest();
    expect(computeKeyId('log.example/é', publicKey)).toBe(digest.readUInt32BE(0));
  });

  it('given small key IDs, when formatting them, then they are zero-padded to 8 lowercase hex digits', () => {
    expect(formatKeyId(0)).toBe('00000000');
    expect(formatKeyId(0xabc)).toBe('00000abc');
    expect(formatKeyId(0xffffffff)).toBe('ffffffff');
  });

  it('given random keys, when formatting then parsing, then the key round-trips', () => {
    for (let round = 0; round < 50; round++) {
      const publicKey = createNodeEd25519Signer(randomBytes(32)).publicKey;
      const name = `log${round}.example/ledger`;
      const parsed = parseVerifierKey(formatVerifierKey(name, publicKey));
      expect(parsed).toEqual(createVerifierKey(name, publicKey));
    }
  });

  it('given every proper substring and every single-character increment of the Go key, when parsing, then all are rejected', () => {
    const text = GO_VERIFIER_KEY;
    for (let start = 0; start < text.length; start++) {
      for (let end = start + 1; end <= text.length; end++) {
        if (start !== 0 || end !== text.length) {
          expect(errorCodeOf(() => parseVerifierKey(text.slice(start, end)))).toBe('VERIFIER_KEY_MALFORMED');
        }
      }
    }
    for (let index = 0; index < text.length; index++) {
      const mangled =
        text.slice(0, index) + String.fromCharCode(text.charCodeAt(index) + 1) + text.slice(index + 1);
      expect(errorCodeOf(() => parseVerifierKey(mangled))).toBe('VERIFIER_KEY_MALFORMED');
    }
  });

  it('given malformed verifier key strings, when parsing, then each is VERIFIER_KEY_MALFORMED', () => {
    const [name, keyId, material] = GO_VERIFIER_KEY.split('+', 3) as [string, string, string];
    const ecdsaType = Buffer.from(decodeBase64Strict(material) ?? []);
    ecdsaType[0] = 0x02;
    const cases = [
      `${name}+${keyId.toUpperCase()}+${material}`,
      `${name}+${keyId}+${ecdsaType.toString('base64')}`,
      `${name}+${keyId}+${material}=`,
      `${name}+${keyId}+${material} `,
      ` ${GO_VERIFIER_KEY}`,
      `${name}+${keyId}+${Buffer.from(decodeBase64Strict(material) ?? []).toString('base64url')}`,
      `${name}+${keyId}`,
      `${name}+${keyId}+`,
      `+${keyId}+${material}`,
      `${name}+0${keyId}+${material}`,
      `${'a'.repeat(2000)}+${keyId}+${material}`,
    ];
    for (const text of cases) {
      expect(errorCodeOf(() => parseVerifierKey(text))).toBe('VERIFIER_KEY_MALFORMED');
    }
  });

  for (const [description, name] of BAD_NAMES) {
    it(`given a key name with ${description}, when used, then it is rejected everywhere`, () => {
      const publicKey = randomBytes(32);
      expect(isValidKeyName(name)).toBe(false);
      expect(errorCodeOf(() => computeKeyId(name, publicKey))).toBe('NOTE_KEY_NAME_INVALID');
      expect(errorCodeOf(() => formatVerifierKey(name, publicKey))).toBe('NOTE_KEY_NAME_INVALID');
      const forged = `${name}+00000000+${Buffer.concat([Buffer.of(1), publicKey]).toString('base64')}`;
      expect(errorCodeOf(() => parseVerifierKey(forged))).toBe('VERIFIER_KEY_MALFORMED');
    });
  }

  it('given names with dots, slashes, colons and non-ASCII letters, when validating, then they are accepted', () => {
    for (const name of ['a', 'example.com/log42', 'mir:ledger', 'journal/é/日本', 'x\u007fy']) {
      expect(isValidKeyName(name)).toBe(true);
    }
  });

  it('given a small-order or non-canonical public key, when building a verifier key, then VERIFIER_KEY_MALFORMED', () => {
    const identity = Buffer.alloc(32);
    identity[0] = 1;
    const nonCanonical = Buffer.alloc(32, 0xff);
    nonCanonical[0] = 0xed;
    nonCanonical[31] = 0x7f;
    for (const publicKey of [identity, Buffer.alloc(32), nonCanonical]) {
      expect(errorCodeOf(() => createVerifierKey('weak.example', publicKey))).toBe('VERIFIER_KEY_MALFORMED');
      const text = formatVerifierKey('weak.example', publicKey);
      expect(errorCodeOf(() => parseVerifierKey(text))).toBe('VERIFIER_KEY_MALFORMED');
    }
  });

  it('given a public key that is not 32 bytes, when computing a key ID, then VERIFIER_KEY_MALFORMED names the lengths', () => {
    expect(errorCodeOf(() => computeKeyId('a', randomBytes(31)))).toBe('VERIFIER_KEY_MALFORMED');
    expect(errorCodeOf(() => formatVerifierKey('a', randomBytes(33)))).toBe('VERIFIER_KEY_MALFORMED');
  });
});
