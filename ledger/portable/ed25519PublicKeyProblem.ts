import nacl from 'tweetnacl';

/** Length in bytes of an RFC 8032 Ed25519 public key. */
export const ED25519_PUBLIC_KEY_LENGTH = 32;
/** Length in bytes of an RFC 8032 Ed25519 signature (R ‖ S). */
export const ED25519_SIGNATURE_LENGTH = 64;

/** The field prime of Curve25519 / Ed25519. */
const P = 2n ** 255n - 19n;
/** Any scalar works: X25519 clamps it to 8·k with 2^251 ≤ k < 2^252 < the prime group order. */
const PROBE_SCALAR = new Uint8Array(32).fill(0x5a);

/**
 * Why `publicKey` must not be trusted as an Ed25519 verification key, or `undefined` when it may be.
 *
 * RFC 8032 verification (OpenSSL's and tweetnacl's alike) accepts keys of small order. Under such a key a
 * signature proves nothing about who made it: with the identity point as key, R = identity and S = 0 "verify" for
 * every message. Honest key generation never yields one, so a pinned key of small order means a broken or
 * malicious signer, and it is refused. Also refused: a non-canonical encoding (y ≥ 2^255 - 19), which gives one
 * key two spellings and so two key IDs.
 *
 * Small order is detected through the birational map to Curve25519: u = (1 + y) / (1 - y). A point has order
 * dividing 8 exactly when X25519 with any clamped scalar (a multiple of 8) sends its u to 0. Costs one field
 * inversion (BigInt) and one X25519: call it once per key, not once per signature.
 */
export function ed25519PublicKeyProblem(publicKey: Uint8Array): string | undefined {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    return `public key is not ${ED25519_PUBLIC_KEY_LENGTH} bytes`;
  }
  const y = readLittleEndian(publicKey) & ((1n << 255n) - 1n);
  if (y >= P) {
    return 'public key encoding is not canonical (y ≥ 2^255 - 19)';
  }
  if (hasSmallOrder(y)) {
    return 'public key is a point of small order';
  }
  return undefined;
}

function hasSmallOrder(y: bigint): boolean {
  const denominator = mod(1n - y);
  if (denominator === 0n) {
    // y = 1: the identity, whose Montgomery image is the point at infinity.
    return true;
  }
  const u = mod((1n + y) * modPow(denominator, P - 2n));
  const product = nacl.scalarMult(PROBE_SCALAR, writeLittleEndian(u));
  return product.every((byte) => byte === 0);
}

function mod(value: bigint): bigint {
  const remainder = value % P;
  return remainder < 0n ? remainder + P : remainder;
}

function modPow(base: bigint, exponent: bigint): bigint {
  let result = 1n;
  let square = mod(base);
  for (let rest = exponent; rest > 0n; rest >>= 1n) {
    if ((rest & 1n) === 1n) {
      result = (result * square) % P;
    }
    square = (square * square) % P;
  }
  return result;
}

function readLittleEndian(bytes: Uint8Array): bigint {
  let value = 0n;
  for (let index = bytes.length - 1; index >= 0; index--) {
    value = (value << 8n) | BigInt(bytes[index] ?? 0);
  }
  return value;
}

function writeLittleEndian(value: bigint): Uint8Array {
  const bytes = new Uint8Array(32);
  let rest = value;
  for (let index = 0; index < bytes.length; index++) {
    bytes[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return bytes;
}
