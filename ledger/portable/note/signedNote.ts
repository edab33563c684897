import { concatBytes, decodeBase64Strict, equalBytes, fromUtf8, toBase64, utf8 } from '../bytes.js';
import { ED25519_SIGNATURE_LENGTH } from '../ed25519PublicKeyProblem.js';
import { verifyEd25519 } from '../hashing.js';
import type { Steps } from '../hashing.js';
import { assertValidKeyName, keyNameProblem } from './keyName.js';
import { noteCharacterProblem } from './noteCharacters.js';
import { NoteError, quote } from './noteErrors.js';
import { computeKeyIdSteps, ED25519_SIGNATURE_TYPE, formatKeyId, readUint32 } from './verifierKey.js';
import type { NoteVerifierKey } from './verifierKey.js';

/** Largest signed note accepted or produced, in UTF-8 bytes. Checked before any other parsing. */
export const MAX_NOTE_BYTES = 64 * 1024;
/** Most signature lines accepted (C2SP requires verifiers to accept at least 16). */
export const MAX_NOTE_SIGNATURES = 100;

/** Em dash (U+2014) and space: how every signature line begins. */
const SIGNATURE_PREFIX = '\u2014 ';
const KEY_ID_BYTES = 4;

/** A note whose signatures were checked. */
export interface OpenedNote {
  /** The note text, final newline included, blank separator line and signatures excluded. */
  readonly text: string;
  /** Names of the known keys whose signatures verified, each once, in order of appearance. */
  readonly verifiedBy: readonly string[];
}

/** One signature line of a note, parsed but not verified. */
export interface NoteSignature {
  readonly name: string;
  readonly keyId: number;
  /** The bytes after the 4-byte key ID (an Ed25519 signature for type 0x01 keys). */
  readonly signature: Uint8Array;
  /** 1-based line number in the note. */
  readonly line: number;
}

/** Who signs notes: a public key and a synchronous signing function (see ledger/keys/ed25519Signer.ts). */
export interface NoteSigner {
  readonly publicKey: Uint8Array;
  sign(message: Uint8Array): Uint8Array;
}

/**
 * Signs `text` as a C2SP signed note with one Ed25519 key. The result is, byte for byte:
 *
 *   <text>                                  UTF-8, ends with "\n", may contain empty lines
 *   "\n"                                    the blank separator line
 *   "— " <keyName> " " <base64(sig)> "\n"   em dash U+2014, space, name, space, signature line
 *
 * where sig = key ID (4 bytes, big-endian, see computeKeyId) ‖ Ed25519 signature over the UTF-8 bytes of <text>.
 *
 * @throws NoteError `NOTE_TEXT_INVALID` (empty, no final newline, control character other than newline, unpaired
 *   surrogate), `NOTE_KEY_NAME_INVALID`, `NOTE_TOO_LARGE` when the signed note would exceed MAX_NOTE_BYTES.
 */
export function* signNoteSteps(text: string, keyName: string, signer: NoteSigner): Steps<string> {
  assertSignableText(text);
  assertValidKeyName(keyName);
  const keyId = new Uint8Array(KEY_ID_BYTES);
  const id = yield* computeKeyIdSteps(keyName, ED25519_SIGNATURE_TYPE, signer.publicKey);
  new DataView(keyId.buffer).setUint32(0, id);
  const signature = signer.sign(utf8(text));
  const encoded = toBase64(concatBytes(keyId, signature));
  const note = `${text}\n${SIGNATURE_PREFIX}${keyName} ${encoded}\n`;
  assertNoteSize(note);
  return note;
}

/**
 * Parses a C2SP signed note and verifies it against trusted keys.
 *
 * Order of checks: size (MAX_NOTE_BYTES), UTF-8 and characters, the blank line separating text from signatures
 * (the last empty line), then every signature line's grammar (`— <valid key name> <canonical base64 of ≥ 5
 * bytes>`, at most MAX_NOTE_SIGNATURES), and only then signatures. Lines from unknown keys (name and key ID not
 * both matching a trusted key) are ignored, as the spec requires; a line from a known key must verify.
 *
 * @param note the note as text, or as bytes (decoded as strict UTF-8; a leading BOM is kept as text, not stripped).
 * @param verifierKeys trusted keys; each keyId is re-checked against name and public key. A key that binds no
 *   signer (small order, see ed25519PublicKeyProblem) never verifies anything: its lines give NOTE_BAD_SIGNATURE.
 * @throws NoteError `NOTE_TOO_LARGE`, `NOTE_MALFORMED`, `NOTE_BAD_SIGNATURE` (a known key's signature fails: the
 *   whole note is rejected), `NOTE_UNVERIFIED` (no known key signed), `VERIFIER_KEY_MALFORMED`,
 *   `VERIFIER_KEY_CONFLICT`.
 */
export function* openNoteSteps(
  note: string | Uint8Array,
  verifierKeys: readonly NoteVerifierKey[],
): Steps<OpenedNote> {
  const known = yield* indexVerifierKeys(verifierKeys);
  const { text, signatures: lines } = splitSignedNote(note);
  const verifiedBy = yield* verifyKnownSignatures(utf8(text), lines, known);
  if (verifiedBy.length === 0) {
    throw unverified(lines, verifierKeys);
  }
  return { text, verifiedBy };
}

/**
 * Splits a note into its text and its parsed (unverified) signature lines, checking size, UTF-8, characters and
 * the signature-line grammar as openNoteSteps does. Other signature schemes on the same note (witness
 * cosignatures) read their lines from here.
 *
 * @throws NoteError `NOTE_TOO_LARGE`, `NOTE_MALFORMED`.
 */
export function splitSignedNote(note: string | Uint8Array): {
  text: string;
  signatures: NoteSignature[];
} {
  const { text, signatureBlock } = splitNote(decodeNote(note));
  return { text, signatures: parseNoteSignatures(signatureBlock, countNewlines(text) + 2) };
}

/** Names of the known keys whose signatures verify; throws on the first known key's signature that does not. */
function* verifyKnownSignatures(
  message: Uint8Array,
  lines: readonly NoteSignature[],
  known: ReadonlyMap<string, NoteVerifierKey>,
): Steps<string[]> {
  const verifiedBy = new Set<string>();
  for (const line of lines) {
    const key = known.get(verifierKeyIndex(line.name, line.keyId));
    if (key === undefined) {
      continue;
    }
    const valid =
      line.signature.length === ED25519_SIGNATURE_LENGTH &&
      (yield* verifyEd25519(key.publicKey, message, line.signature));
    if (!valid) {
      const keyId = formatKeyId(line.keyId);
      throw new NoteError(
        'NOTE_BAD_SIGNATURE',
        `signature by known key ${line.name}+${keyId} does not verify`,
        {
          keyName: line.name,
          keyId,
          line: line.line,
        },
      );
    }
    verifiedBy.add(line.name);
  }
  return [...verifiedBy];
}

function assertSignableText(text: string): void {
  const invalid = (reason: string): NoteError =>
    new NoteError('NOTE_TEXT_INVALID', `cannot sign: ${reason}`, { reason });
  if (text.length === 0) {
    throw invalid('text is empty');
  }
  if (!text.endsWith('\n')) {
    throw invalid('text does not end with a newline');
  }
  const problem = noteCharacterProblem(text);
  if (problem !== undefined) {
    throw invalid(`text ${problem}`);
  }
}

function assertNoteSize(note: string): void {
  // A UTF-16 code unit never encodes to fewer UTF-8 bytes, so the cheap length test settles huge inputs first.
  const actualBytes = note.length > MAX_NOTE_BYTES ? note.length : utf8(note).length;
  if (actualBytes > MAX_NOTE_BYTES) {
    throw new NoteError('NOTE_TOO_LARGE', `note exceeds ${MAX_NOTE_BYTES} bytes`, {
      limit: MAX_NOTE_BYTES,
      actualBytes,
    });
  }
}

function decodeNote(note: string | Uint8Array): string {
  if (typeof note !== 'string') {
    if (note.length > MAX_NOTE_BYTES) {
      throw new NoteError('NOTE_TOO_LARGE', `note exceeds ${MAX_NOTE_BYTES} bytes`, {
        limit: MAX_NOTE_BYTES,
        actualBytes: note.length,
      });
    }
    const text = fromUtf8(note);
    if (text === undefined) throw malformedNote('note is not valid UTF-8');
    return text;
  }
  assertNoteSize(note);
  return note;
}

/** Splits at the last "\n\n": text keeps its final newline, the signature block must be non-empty and end in one. */
function splitNote(note: string): { text: string; signatureBlock: string } {
  const problem = noteCharacterProblem(note);
  if (problem !== undefined) {
    throw malformedNote(`note ${problem}`);
  }
  const split = note.lastIndexOf('\n\n');
  if (split < 0) {
    throw malformedNote('no blank line separates the text from the signatures');
  }
  const signatureBlock = note.slice(split + 2);
  if (signatureBlock.length === 0 || !signatureBlock.endsWith('\n')) {
    throw malformedNote('the signature block is empty or does not end with a newline');
  }
  return { text: note.slice(0, split + 1), signatureBlock };
}

function parseNoteSignatures(block: string, firstLine: number): NoteSignature[] {
  const rawLines = block.slice(0, -1).split('\n', MAX_NOTE_SIGNATURES + 1);
  if (rawLines.length > MAX_NOTE_SIGNATURES) {
    throw malformedNote(`more than ${MAX_NOTE_SIGNATURES} signature lines`);
  }
  return rawLines.map((raw, index) => parseNoteSignature(raw, firstLine + index));
}

/** Grammar of one line: "— " <key name> " " <canonical base64 of key ID (4 bytes) ‖ signature (≥ 1 byte)>. */
function parseNoteSignature(raw: string, line: number): NoteSignature {
  if (!raw.startsWith(SIGNATURE_PREFIX)) {
    throw malformedNote('signature line does not start with an em dash and a space', line, raw);
  }
  const body = raw.slice(SIGNATURE_PREFIX.length);
  const space = body.indexOf(' ');
  const name = space < 0 ? body : body.slice(0, space);
  const nameProblem = keyNameProblem(name);
  if (space < 0 || nameProblem !== undefined) {
    throw malformedNote(nameProblem ?? 'signature line has no signature', line, raw);
  }
  const bytes = decodeBase64Strict(body.slice(space + 1));
  if (bytes === undefined || bytes.length <= KEY_ID_BYTES) {
    throw malformedNote('signature is not canonical base64 of a key ID and a signature', line, raw);
  }
  return {
    name,
    keyId: readUint32(bytes, 0),
    signature: bytes.slice(KEY_ID_BYTES),
    line,
  };
}

function* indexVerifierKeys(keys: readonly NoteVerifierKey[]): Steps<Map<string, NoteVerifierKey>> {
  const index = new Map<string, NoteVerifierKey>();
  for (const key of keys) {
    const computed = yield* computeKeyIdSteps(key.name, ED25519_SIGNATURE_TYPE, key.publicKey);
    if (computed !== key.keyId) {
      throw new NoteError('VERIFIER_KEY_MALFORMED', `verifier key ${quote(key.name)} has a wrong key ID`, {
        reason: 'key ID does not match name and public key',
        name: quote(key.name),
        expectedKeyId: formatKeyId(computed),
        actualKeyId: formatKeyId(key.keyId),
      });
    }
    const slot = verifierKeyIndex(key.name, key.keyId);
    const existing = index.get(slot);
    if (existing !== undefined && !equalBytes(existing.publicKey, key.publicKey)) {
      const keyId = formatKeyId(key.keyId);
      throw new NoteError('VERIFIER_KEY_CONFLICT', `two verifier keys are both ${key.name}+${keyId}`, {
        keyName: key.name,
        keyId,
      });
    }
    index.set(slot, key);
  }
  return index;
}

function verifierKeyIndex(name: string, keyId: number): string {
  return `${name}+${formatKeyId(keyId)}`;
}

function unverified(lines: readonly NoteSignature[], keys: readonly NoteVerifierKey[]): NoteError {
  const signers = lines.slice(0, 16).map((line) => quote(verifierKeyIndex(line.name, line.keyId)));
  const knownKeys = keys.slice(0, 16).map((key) => quote(verifierKeyIndex(key.name, key.keyId)));
  return new NoteError('NOTE_UNVERIFIED', 'no signature from a known key', {
    signatures: lines.length,
    signers,
    knownKeys,
  });
}

function malformedNote(reason: string, line?: number, value?: string): NoteError {
  const details = {
    reason,
    ...(line === undefined ? {} : { line }),
    ...(value === undefined ? {} : { value: quote(value) }),
  };
  const where = line === undefined ? '' : ` (line ${line})`;
  return new NoteError('NOTE_MALFORMED', `malformed signed note${where}: ${reason}`, details);
}

function countNewlines(text: string): number {
  let count = 0;
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
    count++;
  }
  return count;
}
