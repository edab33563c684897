import { KeyError } from './keyErrors.js';
import { ED25519_PUBLIC_KEY_LENGTH, ED25519_SEED_LENGTH } from './ed25519Signer.js';

/** First line of every signing key file; names the format, its version and the algorithm. */
export const SIGNING_KEY_FILE_HEADER = 'mir-signing-key v1 ed25519';

/** A well-formed file is exactly 133 bytes; anything much larger is not a key file and is not read whole. */
export const MAX_SIGNING_KEY_FILE_BYTES = 1024;

/** Standard base64 (RFC 4648, section 4) of exactly 32 bytes: 43 characters and one '=' pad. */
const BASE64_32_BYTES = /^[A-Za-z0-9+/]{43}=$/;

/** The fields of a parsed key file. `seed` is secret: zero it once the signer exists. */
export interface SigningKeyFileContent {
  readonly seed: Buffer;
  readonly publicKey: Buffer;
}

/**
 * Encodes a signing key file. The layout is ASCII, LF line endings, exactly three lines, each ending in LF:
 *
 *   line 1: `mir-signing-key v1 ed25519`
 *   line 2: `seed ` then the standard base64 of the 32-byte RFC 8032 seed (44 characters)
 *   line 3: `public-key ` then the standard base64 of the 32-byte public key derived from that seed
 *
 * The public key line lets a loader detect a corrupted seed (which would otherwise silently become a different
 * key) and lets an operator read the public key without tools. Nothing else (comments, blank lines, CR) is allowed.
 *
 * @throws KeyError `KEY_SEED_INVALID` when a length is wrong.
 */
export function formatSigningKeyFile(seed: Uint8Array, publicKey: Uint8Array): string {
  if (seed.length !== ED25519_SEED_LENGTH || publicKey.length !== ED25519_PUBLIC_KEY_LENGTH) {
    throw new KeyError(
      'KEY_SEED_INVALID',
      'a signing key file holds a 32-byte seed and a 32-byte public key',
      {
        expectedLength: ED25519_SEED_LENGTH,
        actualSeedLength: seed.length,
        actualPublicKeyLength: publicKey.length,
      },
    );
  }
  const seedBase64 = Buffer.from(seed).toString('base64');
  const publicKeyBase64 = Buffer.from(publicKey).toString('base64');
  return `${SIGNING_KEY_FILE_HEADER}\nseed ${seedBase64}\npublic-key ${publicKeyBase64}\n`;
}

/**
 * Decodes a signing key file written by {@link formatSigningKeyFile}. It checks the layout only; whether the
 * public key matches the seed is for the caller, who derives it anyway.
 *
 * @param path only used in error details.
 * @throws KeyError `KEY_FILE_MALFORMED` with a fixed reason; the content itself is never echoed.
 */
export function parseSigningKeyFile(content: Uint8Array, path: string): SigningKeyFileContent {
  const malformed = (reason: string): KeyError =>
    new KeyError('KEY_FILE_MALFORMED', `signing key file ${path} is malformed: ${reason}`, { path, reason });
  if (content.length > MAX_SIGNING_KEY_FILE_BYTES) {
    throw malformed('file is too large to be a signing key file');
  }
  const text = Buffer.from(content.buffer, content.byteOffset, content.byteLength).toString('latin1');
  if (!text.endsWith('\n')) {
    throw malformed('file does not end with a newline');
  }
  const lines = text.slice(0, -1).split('\n');
  if (lines.length !== 3) {
    throw malformed('expected exactly 3 lines');
  }
  const [header = '', seedLine = '', publicKeyLine = ''] = lines;
  if (header !== SIGNING_KEY_FILE_HEADER) {
    throw malformed('unexpected header line');
  }
  const seed = decodeField(seedLine, 'seed ');
  if (seed === undefined) {
    throw malformed('line 2 is not "seed " followed by the base64 of 32 bytes');
  }
  const publicKey = decodeField(publicKeyLine, 'public-key ');
  if (publicKey === undefined) {
    seed.fill(0);
    throw malformed('line 3 is not "public-key " followed by the base64 of 32 bytes');
  }
  return { seed, publicKey };
}

/** Decodes `<prefix><base64 of 32 bytes>`, rejecting non-canonical base64 (non-zero padding bits). */
function decodeField(line: string, prefix: string): Buffer | undefined {
  if (!line.startsWith(prefix)) {
    return undefined;
  }
  const encoded = line.slice(prefix.length);
  if (!BASE64_32_BYTES.test(encoded)) {
    return undefined;
  }
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== 32 || bytes.toString('base64') !== encoded) {
    bytes.fill(0);
    return undefined;
  }
  return bytes;
}
