import { createPublicKey, verify as nodeVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import nacl from 'tweetnacl';
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SIGNATURE_LENGTH } from './ed25519Signer.js';
import { ed25519PublicKeyProblem } from '../portable/ed25519PublicKeyProblem.js';

/**
 * SubjectPublicKeyInfo DER header for a raw Ed25519 public key (RFC 8410, section 4); the 32 key bytes follow:
 *
 *   30 2a                 SEQUENCE, 42 bytes
 *     30 05               SEQUENCE, 5 bytes (AlgorithmIdentifier)
 *       06 03 2b 65 70    OID 1.3.101.112 (id-Ed25519)
 *     03 21 00            BIT STRING, 33 bytes, 0 unused bits: the public key follows
 */
const SPKI_ED25519_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/**
 * Imported public keys (null for a refused one), keyed by their hex encoding. Verifying a long run of checkpoints
 * uses one or two keys, so checking and importing each key once matters more than the cache policy; the bound only
 * stops hostile input from growing it.
 */
const MAX_CACHED_KEYS = 256;
const keyCache = new Map<string, KeyObject | null>();

/**
 * Verifies an RFC 8032 Ed25519 signature with `node:crypto` (OpenSSL, which also rejects non-canonical S), and
 * refuses keys that bind nothing: small-order or non-canonically encoded public keys (see ed25519PublicKeyProblem)
 * yield `false` for every signature.
 *
 * Never throws: a public key or signature of the wrong length, or a key that does not import, yields `false`.
 * Checked and imported keys are cached (at most 256), so repeated verification under one key costs one import.
 */
export function verifyEd25519(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH) {
    return false;
  }
  try {
    const keyObject = publicKeyObject(publicKey);
    return keyObject !== null && nodeVerify(null, message, keyObject, signature);
  } catch {
    return false;
  }
}

/**
 * Verifies an RFC 8032 Ed25519 signature with tweetnacl: the independent reference used to cross-check
 * {@link verifyEd25519}. Never throws; wrong lengths yield `false`. Plain RFC 8032: unlike verifyEd25519 it does
 * not refuse small-order keys, and tweetnacl may accept signature encodings OpenSSL rejects: never make it the trust
 * decision.
 */
export function verifyEd25519Tweetnacl(
  publicKey: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH || signature.length !== ED25519_SIGNATURE_LENGTH) {
    return false;
  }
  try {
    return nacl.sign.detached.verify(message, signature, publicKey);
  } catch {
    return false;
  }
}

function publicKeyObject(publicKey: Uint8Array): KeyObject | null {
  const cacheKey = Buffer.from(publicKey.buffer, publicKey.byteOffset, publicKey.byteLength).toString('hex');
  const cached = keyCache.get(cacheKey);
  if (cached !== undefined) {
    return cached;
  }
  const keyObject =
    ed25519PublicKeyProblem(publicKey) === undefined
      ? createPublicKey({ key: Buffer.concat([SPKI_ED25519_PREFIX, publicKey]), format: 'der', type: 'spki' })
      : null;
  if (keyCache.size >= MAX_CACHED_KEYS) {
    const oldest = keyCache.keys().next();
    if (oldest.done !== true) {
      keyCache.delete(oldest.value);
    }
  }
  keyCache.set(cacheKey, keyObject);
  return keyObject;
}
