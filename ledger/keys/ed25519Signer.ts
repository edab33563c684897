import { createPrivateKey, createPublicKey, sign as nodeSign } from 'node:crypto';
import nacl from 'tweetnacl';
import { KeyError } from './keyErrors.js';

/** Length in bytes of an RFC 8032 Ed25519 seed (the "private key" of RFC 8032, section 5.1.5). */
export const ED25519_SEED_LENGTH = 32;
export { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH } from '../portable/ed25519PublicKeyProblem.js';

/**
 * PKCS #8 DER header for a raw Ed25519 seed (RFC 8410, section 7); the 32 seed bytes follow it:
 *
 *   30 2e                 SEQUENCE, 46 bytes
 *     02 01 00            INTEGER 0 (version)
 *     30 05               SEQUENCE, 5 bytes (AlgorithmIdentifier)
 *       06 03 2b 65 70    OID 1.3.101.112 (id-Ed25519)
 *     04 22               OCTET STRING, 34 bytes (privateKey)
 *       04 20             OCTET STRING, 32 bytes: the seed follows
 */
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/** Length of the SubjectPublicKeyInfo DER header that precedes the 32 raw public key bytes (see verifyEd25519.ts). */
const SPKI_ED25519_PREFIX_LENGTH = 12;

/**
 * Produces RFC 8032 Ed25519 signatures with one key. Signatures are deterministic: the same key and message give
 * the same 64 bytes, whatever the implementation.
 *
 * `publicKey` is the 32-byte RFC 8032 public key (a fresh copy on each read). The seed is held only inside the
 * implementation's closure; it is never exposed as a property, so `JSON.stringify`, `util.inspect` and logging a
 * signer never reveal it.
 */
export interface Ed25519Signer {
  readonly publicKey: Uint8Array;
  /** Returns the 64-byte signature of `message`. */
  sign(message: Uint8Array): Uint8Array;
}

/**
 * Signer backed by `node:crypto` (OpenSSL): the fast path for production signing.
 *
 * @param seed 32 bytes; copied, so the caller may zero its buffer afterwards.
 * @throws KeyError `KEY_SEED_INVALID` when `seed` is not 32 bytes.
 */
export function createNodeEd25519Signer(seed: Uint8Array): Ed25519Signer {
  assertSeed(seed);
  const der = Buffer.concat([PKCS8_ED25519_PREFIX, seed]);
  try {
    const privateKey = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
    const spki = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
    const publicKey = new Uint8Array(spki.subarray(SPKI_ED25519_PREFIX_LENGTH));
    return makeSigner(publicKey, (message) => new Uint8Array(nodeSign(null, message, privateKey)));
  } finally {
    der.fill(0);
  }
}

/**
 * Signer backed by tweetnacl (pure JavaScript, audited): the reference the node:crypto signer is checked against.
 *
 * @param seed 32 bytes; copied, so the caller may zero its buffer afterwards.
 * @throws KeyError `KEY_SEED_INVALID` when `seed` is not 32 bytes.
 */
export function createTweetnaclEd25519Signer(seed: Uint8Array): Ed25519Signer {
  assertSeed(seed);
  // secretKey is seed ‖ publicKey (64 bytes); it stays in this closure only.
  const { publicKey, secretKey } = nacl.sign.keyPair.fromSeed(Uint8Array.from(seed));
  return makeSigner(publicKey, (message) => nacl.sign.detached(message, secretKey));
}

function makeSigner(publicKey: Uint8Array, sign: (message: Uint8Array) => Uint8Array): Ed25519Signer {
  return Object.freeze({
    get publicKey(): Uint8Array {
      return Uint8Array.from(publicKey);
    },
    sign,
  });
}

function assertSeed(seed: Uint8Array): void {
  if (!(seed instanceof Uint8Array) || seed.length !== ED25519_SEED_LENGTH) {
    const actualLength = seed instanceof Uint8Array ? seed.length : null;
    throw new KeyError('KEY_SEED_INVALID', `an Ed25519 seed must be ${ED25519_SEED_LENGTH} bytes`, {
      expectedLength: ED25519_SEED_LENGTH,
      actualLength,
    });
  }
}
