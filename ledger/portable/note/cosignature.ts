import { concatBytes, toBase64, utf8 } from '../bytes.js';
import { ED25519_SIGNATURE_LENGTH } from '../ed25519PublicKeyProblem.js';
import { verifyEd25519 } from '../hashing.js';
import type { Steps } from '../hashing.js';
import { NoteError, quote } from './noteErrors.js';
import { splitSignedNote } from './signedNote.js';
import type { NoteSignature, NoteSigner } from './signedNote.js';
import {
  COSIGNATURE_V1_SIGNATURE_TYPE,
  createVerifierKeySteps,
  formatKeyId,
  formatVerifierKeySteps,
  parseVerifierKeySteps,
  readUint32,
} from './verifierKey.js';
import type { NoteVerifierKey } from './verifierKey.js';

/**
 * C2SP tlog-cosignature `cosignature/v1` with Ed25519: a witness's statement that, at a time, the checkpoint's tree
 * is the largest consistent one it has seen for that log. Byte by byte:
 *
 * Key ID (signature type 0x04):   SHA-256( UTF-8(witness name) ‖ 0x0A ‖ 0x04 ‖ 32-byte public key )[:4]
 * Verifier key:                   <name> "+" <key ID, 8 lowercase hex> "+" base64( 0x04 ‖ public key )
 * Signed message:                 "cosignature/v1\n"
 *                                 "time " <timestamp, ASCII decimal seconds, no leading zeros> "\n"
 *                                 <the checkpoint note text, every line including extension lines, final "\n">
 * Signature line:                 "— " <witness name> " " base64( key ID (4) ‖ timestamp (8, big-endian)
 *                                                                 ‖ Ed25519 signature (64) ) "\n"
 *
 * The timestamp is POSIX seconds. The spec allows up to 2^63 - 1; MIR reads and writes at most 2^53 - 1 (about
 * 285 million years) and reports a larger one as invalid rather than rounding it.
 */
export const COSIGNATURE_V1_HEADER = 'cosignature/v1';
/** Bytes after the key ID in a cosignature line: the 8-byte timestamp and the 64-byte Ed25519 signature. */
export const COSIGNATURE_V1_BYTES = 8 + ED25519_SIGNATURE_LENGTH;

/** A witness (cosigner) key: name, key ID computed with signature type 0x04, Ed25519 public key. */
export type WitnessKey = NoteVerifierKey;

/** Parses a witness verifier key (`<name>+<key id>+base64(0x04 ‖ key)`); NoteError `VERIFIER_KEY_MALFORMED`. */
export function* parseWitnessKeySteps(text: string): Steps<WitnessKey> {
  return yield* parseVerifierKeySteps(text, COSIGNATURE_V1_SIGNATURE_TYPE);
}

/** The witness key of `name` and `publicKey` (key ID of type 0x04), and its verifier key string. */
export function* createWitnessKeySteps(
  name: string,
  publicKey: Uint8Array,
): Steps<{ key: WitnessKey; verifierKey: string }> {
  const key = yield* createVerifierKeySteps(name, publicKey, COSIGNATURE_V1_SIGNATURE_TYPE);
  const verifierKey = yield* formatVerifierKeySteps(name, publicKey, COSIGNATURE_V1_SIGNATURE_TYPE);
  return { key, verifierKey };
}

/**
 * The message a `cosignature/v1` signs (see the layout above) for a checkpoint note text.
 *
 * @throws NoteError `NOTE_TEXT_INVALID` for a text that is empty or lacks its final newline, or a timestamp that
 *   is not a safe non-negative integer.
 */
export function cosignatureMessage(checkpointText: string, timestamp: number): Uint8Array {
  if (checkpointText.length === 0 || !checkpointText.endsWith('\n'))
    throw new NoteError('NOTE_TEXT_INVALID', 'a cosigned checkpoint text ends with a newline', {
      reason: 'text is empty or does not end with a newline',
    });
  assertTimestamp(timestamp);
  return utf8(`${COSIGNATURE_V1_HEADER}\ntime ${timestamp}\n${checkpointText}`);
}

/** The signature line, without its final newline: `— <name> base64(key ID ‖ timestamp ‖ signature)`. */
export function formatCosignatureLine(
  name: string,
  keyId: number,
  timestamp: number,
  signature: Uint8Array,
): string {
  assertTimestamp(timestamp);
  const bytes = new Uint8Array(4 + 8);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, keyId);
  view.setUint32(4, Math.floor(timestamp / 2 ** 32));
  view.setUint32(8, timestamp % 2 ** 32);
  return `\u2014 ${name} ${toBase64(concatBytes(bytes, signature))}`;
}

/**
 * Cosigns `checkpointText` as witness `name` at `timestamp` (POSIX seconds) and returns the signature line
 * (without its final newline). The signer's private key never leaves it.
 */
export function* cosignSteps(
  checkpointText: string,
  name: string,
  signer: NoteSigner,
  timestamp: number,
): Steps<string> {
  const { key } = yield* createWitnessKeySteps(name, signer.publicKey);
  const signature = signer.sign(cosignatureMessage(checkpointText, timestamp));
  return formatCosignatureLine(name, key.keyId, timestamp, signature);
}

/** What one signature line says about one witness key. */
export type CosignatureVerdict =
  | { readonly status: 'verified'; readonly timestamp: number }
  /** The line names this key (name and key ID) but is not a valid cosignature by it. */
  | { readonly status: 'invalid'; readonly reason: string }
  /** The line is not from this key: ignored, as C2SP requires of lines from unknown keys. */
  | { readonly status: 'other-key' };

/**
 * Checks one signature line against one witness key. `noteOrText` is the cosigned checkpoint note (its text is
 * taken from it) or the note text alone; `signature` is a line (`— name base64`) or a parsed NoteSignature.
 *
 * @throws NoteError `NOTE_MALFORMED` / `NOTE_TOO_LARGE` when the note, text or line breaks the signed-note grammar.
 */
export function* verifyCosignatureSteps(
  noteOrText: string,
  signature: string | NoteSignature,
  witnessKey: WitnessKey,
): Steps<CosignatureVerdict> {
  const text = noteOrText.includes('\n\n') ? splitSignedNote(noteOrText).text : noteOrText;
  const parsed = typeof signature === 'string' ? parseSignatureLine(text, signature) : signature;
  if (parsed.name !== witnessKey.name || parsed.keyId !== witnessKey.keyId) return { status: 'other-key' };
  if (parsed.signature.length !== COSIGNATURE_V1_BYTES)
    return invalid(
      `cosignature is ${parsed.signature.length} bytes after the key ID, not ${COSIGNATURE_V1_BYTES}`,
    );
  const high = readUint32(parsed.signature, 0);
  if (high >= 2 ** 21) return invalid('timestamp is beyond 2^53 - 1 seconds');
  const timestamp = high * 2 ** 32 + readUint32(parsed.signature, 4);
  const message = cosignatureMessage(text, timestamp);
  const valid = yield* verifyEd25519(witnessKey.publicKey, message, parsed.signature.subarray(8));
  return valid ? { status: 'verified', timestamp } : invalid('signature does not verify');
}

/** A witness whose cosignature verified: its key, the time it signed, and the canonical line. */
export interface VerifiedCosignature {
  readonly witness: string;
  readonly keyId: string;
  readonly timestamp: number;
  readonly line: string;
}

/** A line from a known witness (name and key ID) that is not a valid cosignature. */
export interface InvalidCosignature {
  readonly witness: string;
  readonly keyId: string;
  /** 1-based line number in the note. */
  readonly lineNumber: number;
  readonly reason: string;
}

/** Which known witnesses cosigned a checkpoint note. */
export interface CosignatureReport {
  /** The checkpoint note text the cosignatures are over. */
  readonly text: string;
  /** One entry per known witness key with a valid line (its first valid one), in the order of `witnessKeys`. */
  readonly verified: readonly VerifiedCosignature[];
  /** Every line from a known witness that does not verify. */
  readonly invalid: readonly InvalidCosignature[];
}

/**
 * Reads a cosigned checkpoint note (the log's signature line plus witness lines) and says which of `witnessKeys`
 * cosigned it. Lines from other keys (the log's own among them) are ignored; the log's signature is not checked
 * here (openCheckpointSteps does that). A quorum rule ("at least N") is the caller's: count `verified`.
 *
 * @throws NoteError `NOTE_MALFORMED`, `NOTE_TOO_LARGE` (see splitSignedNote).
 */
export function* verifyCosignaturesSteps(
  note: string | Uint8Array,
  witnessKeys: readonly WitnessKey[],
): Steps<CosignatureReport> {
  const { text, signatures } = splitSignedNote(note);
  const verified: VerifiedCosignature[] = [];
  const invalidLines: InvalidCosignature[] = [];
  for (const key of witnessKeys) {
    let found: VerifiedCosignature | undefined;
    for (const line of signatures) {
      const verdict = yield* verifyCosignatureSteps(text, line, key);
      const identity = { witness: key.name, keyId: formatKeyId(key.keyId) };
      if (verdict.status === 'invalid')
        invalidLines.push({ ...identity, lineNumber: line.line, reason: verdict.reason });
      if (verdict.status === 'verified' && found === undefined)
        found = { ...identity, timestamp: verdict.timestamp, line: lineOf(line, verdict.timestamp) };
    }
    if (found !== undefined) verified.push(found);
  }
  return { text, verified, invalid: invalidLines };
}

function lineOf(signature: NoteSignature, timestamp: number): string {
  return formatCosignatureLine(signature.name, signature.keyId, timestamp, signature.signature.subarray(8));
}

/** One line parsed with the signed-note grammar itself, as the only signature of a note over `text`. */
function parseSignatureLine(text: string, line: string): NoteSignature {
  if (line.includes('\n'))
    throw new NoteError('NOTE_MALFORMED', 'a cosignature line holds no newline', {
      reason: 'line contains a newline',
      value: quote(line),
    });
  const [signature] = splitSignedNote(`${text}\n${line}\n`).signatures;
  return signature!;
}

function assertTimestamp(timestamp: number): void {
  if (!Number.isSafeInteger(timestamp) || timestamp < 0)
    throw new NoteError('NOTE_TEXT_INVALID', 'a cosignature timestamp is a safe non-negative integer', {
      reason: 'timestamp is not a safe non-negative integer',
      value: String(timestamp),
    });
}

function invalid(reason: string): CosignatureVerdict {
  return { status: 'invalid', reason };
}
