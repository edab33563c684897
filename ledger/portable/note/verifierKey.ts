import { concatBytes, decodeBase64Strict, toBase64, utf8 } from '../bytes.js';
import { ED25519_PUBLIC_KEY_LENGTH, ed25519PublicKeyProblem } from '../ed25519PublicKeyProblem.js';
import { sha256 } from '../hashing.js';
import type { Steps } from '../hashing.js';
import { assertValidKeyName, keyNameProblem } from './keyName.js';
import { NoteError, quote } from './noteErrors.js';

/** C2SP signed-note signature type identifier byte for Ed25519. */
export const ED25519_SIGNATURE_TYPE = 0x01;
/** C2SP tlog-cosignature signature type identifier byte for Ed25519 `cosignature/v1` (witness keys). */
export const COSIGNATURE_V1_SIGNATURE_TYPE = 0x04;

/** Longest verifier key string accepted; a real Ed25519 one is the name plus 55 characters. */
export const MAX_VERIFIER_KEY_CHARS = 1024;

/**
 * A trusted Ed25519 note key: the pair (name, keyId) identifies it in signature lines, `publicKey` verifies.
 * Build one with {@link parseVerifierKey} or {@link createVerifierKey}; `openNote` re-checks that keyId matches.
 */
export interface NoteVerifierKey {
  readonly name: string;
  /** uint32: the first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ publicKey). */
  readonly keyId: number;
  /** 32-byte RFC 8032 public key. */
  readonly publicKey: Uint8Array;
}

/**
 * The C2SP key ID: the first four bytes, read as a big-endian uint32, of
 *
 *   SHA-256( UTF-8(name) ‖ 0x0A ‖ signature type ‖ 32-byte public key )
 *
 * with signature type 0x01 for note-signing Ed25519 keys and 0x04 for `cosignature/v1` witness keys.
 *
 * @throws NoteError `NOTE_KEY_NAME_INVALID`, or `VERIFIER_KEY_MALFORMED` when the public key is not 32 bytes.
 */
export function* computeKeyIdSteps(
  name: string,
  signatureType: number,
  publicKey: Uint8Array,
): Steps<number> {
  assertValidKeyName(name);
  assertPublicKeyLength(publicKey, name);
  const digest = yield* sha256(concatBytes(utf8(name), Uint8Array.of(0x0a, signatureType), publicKey));
  return readUint32(digest, 0);
}

/** The big-endian uint32 at `offset` of `bytes`. */
export function readUint32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset);
}

/** The key ID as it is written in verifier keys: exactly 8 lowercase hex digits. */
export function formatKeyId(keyId: number): string {
  return keyId.toString(16).padStart(8, '0');
}

/**
 * A NoteVerifierKey whose keyId is computed, never supplied.
 *
 * @throws NoteError as {@link computeKeyId}, and `VERIFIER_KEY_MALFORMED` for a public key that binds no signer
 *   (small order or non-canonical encoding: see ed25519PublicKeyProblem).
 */
export function* createVerifierKeySteps(
  name: string,
  publicKey: Uint8Array,
  signatureType = ED25519_SIGNATURE_TYPE,
): Steps<NoteVerifierKey> {
  const keyId = yield* computeKeyIdSteps(name, signatureType, publicKey);
  assertTrustworthyPublicKey(publicKey, name);
  return Object.freeze({ name, keyId, publicKey: Uint8Array.from(publicKey) });
}

/**
 * Encodes a verifier key string, the form an auditor pins out of band:
 *
 *   <name> "+" <key ID as 8 lowercase hex digits> "+" base64( 0x01 ‖ 32-byte public key )
 *
 * e.g. `PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW`. Same errors as {@link computeKeyId}.
 */
export function* formatVerifierKeySteps(
  name: string,
  publicKey: Uint8Array,
  signatureType = ED25519_SIGNATURE_TYPE,
): Steps<string> {
  const keyId = yield* computeKeyIdSteps(name, signatureType, publicKey);
  const material = toBase64(concatBytes(Uint8Array.of(signatureType), publicKey));
  return `${name}+${formatKeyId(keyId)}+${material}`;
}

/**
 * Decodes a verifier key string (see {@link formatVerifierKey}). Strict: lowercase hex only, canonical padded
 * base64 only, Ed25519 (type 0x01) only, the key ID must equal the one computed from name and public key, and the
 * public key must not be of small order or non-canonically encoded.
 *
 * @throws NoteError `VERIFIER_KEY_MALFORMED` (details: reason, text capped; on an ID mismatch also
 *   expectedKeyId and actualKeyId).
 */
export function* parseVerifierKeySteps(
  text: string,
  signatureType = ED25519_SIGNATURE_TYPE,
): Steps<NoteVerifierKey> {
  const malformed = (reason: string, extra: Record<string, string> = {}): NoteError =>
    new NoteError('VERIFIER_KEY_MALFORMED', `malformed verifier key: ${reason}`, {
      reason,
      text: quote(text),
      ...extra,
    });
  if (text.length > MAX_VERIFIER_KEY_CHARS) {
    throw malformed(`longer than ${MAX_VERIFIER_KEY_CHARS} characters`);
  }
  const firstPlus = text.indexOf('+');
  const secondPlus = text.indexOf('+', firstPlus + 1);
  if (firstPlus < 0 || secondPlus < 0) {
    throw malformed('expected <name>+<key id>+<key>');
  }
  const name = text.slice(0, firstPlus);
  const nameProblem = keyNameProblem(name);
  if (nameProblem !== undefined) {
    throw malformed(nameProblem);
  }
  const keyIdHex = text.slice(firstPlus + 1, secondPlus);
  if (!/^[0-9a-f]{8}$/.test(keyIdHex)) {
    throw malformed('key ID is not 8 lowercase hex digits');
  }
  const publicKey = decodeKeyMaterial(text.slice(secondPlus + 1), signatureType, malformed);
  const expectedKeyId = formatKeyId(yield* computeKeyIdSteps(name, signatureType, publicKey));
  if (expectedKeyId !== keyIdHex) {
    throw malformed('key ID does not match name and public key', { expectedKeyId, actualKeyId: keyIdHex });
  }
  const keyProblem = ed25519PublicKeyProblem(publicKey);
  if (keyProblem !== undefined) {
    throw malformed(keyProblem);
  }
  return Object.freeze({ name, keyId: Number.parseInt(keyIdHex, 16), publicKey });
}

function decodeKeyMaterial(
  encoded: string,
  signatureType: number,
  malformed: (reason: string) => NoteError,
): Uint8Array {
  const material = decodeBase64Strict(encoded);
  if (material === undefined) {
    throw malformed('key material is not canonical standard base64');
  }
  if (material[0] !== signatureType) {
    const expected = signatureType === ED25519_SIGNATURE_TYPE ? 'Ed25519 (0x01)' : `0x0${signatureType}`;
    throw malformed(`key type is not ${expected}`);
  }
  if (material.length !== 1 + ED25519_PUBLIC_KEY_LENGTH) {
    throw malformed(`Ed25519 key material must be ${1 + ED25519_PUBLIC_KEY_LENGTH} bytes`);
  }
  return material.slice(1);
}

function assertTrustworthyPublicKey(publicKey: Uint8Array, name: string): void {
  const reason = ed25519PublicKeyProblem(publicKey);
  if (reason !== undefined) {
    throw new NoteError('VERIFIER_KEY_MALFORMED', `verifier key ${quote(name)}: ${reason}`, {
      reason,
      name: quote(name),
    });
  }
}

function assertPublicKeyLength(publicKey: Uint8Array, name: string): void {
  if (publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new NoteError('VERIFIER_KEY_MALFORMED', 'an Ed25519 public key must be 32 bytes', {
      reason: 'public key is not 32 bytes',
      name: quote(name),
      expectedLength: ED25519_PUBLIC_KEY_LENGTH,
      actualLength: publicKey.length,
    });
  }
}
