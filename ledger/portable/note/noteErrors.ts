import { MirError } from '../../../domain/errors/mirError.js';
import type { JsonValue } from '../../../domain/events/json.js';

/**
 * Stable codes for signed-note failures.
 *
 * - `NOTE_TOO_LARGE`: the note exceeds MAX_NOTE_BYTES (details: limit, actualBytes).
 * - `NOTE_MALFORMED`: the note breaks the C2SP signed-note grammar (details: reason, and line where one applies).
 * - `NOTE_UNVERIFIED`: well formed, but no signature line is from a known key (details: signatures, signers,
 *   knownKeys as `name+keyid`).
 * - `NOTE_BAD_SIGNATURE`: a signature line names a known key (name and key ID) but does not verify; the whole note
 *   is rejected (details: keyName, keyId, line).
 * - `NOTE_TEXT_INVALID`: text handed to `signNote` cannot be a note text (details: reason).
 * - `NOTE_KEY_NAME_INVALID`: empty, or contains whitespace, '+', or control characters (details: name, reason).
 * - `VERIFIER_KEY_MALFORMED`: a verifier key string or object is unusable (details: reason, and text or name).
 * - `VERIFIER_KEY_CONFLICT`: two verifier keys share name and key ID but not public key (details: keyName, keyId).
 */
export const NOTE_ERROR_CODES = [
  'NOTE_TOO_LARGE',
  'NOTE_MALFORMED',
  'NOTE_UNVERIFIED',
  'NOTE_BAD_SIGNATURE',
  'NOTE_TEXT_INVALID',
  'NOTE_KEY_NAME_INVALID',
  'VERIFIER_KEY_MALFORMED',
  'VERIFIER_KEY_CONFLICT',
] as const;
export type NoteErrorCode = (typeof NOTE_ERROR_CODES)[number];

/** Raised by the signed-note code. Notes, key names and public keys are public: details may quote them (capped). */
export class NoteError extends MirError<NoteErrorCode> {
  constructor(code: NoteErrorCode, message: string, details: Readonly<Record<string, JsonValue>> = {}) {
    super(code, message, details);
  }
}

export function isNoteError(error: unknown): error is NoteError {
  return error instanceof NoteError;
}

/** Longest excerpt of hostile input quoted in an error; keeps messages and details small. */
const MAX_QUOTED_CHARS = 120;

/** Caps a piece of (possibly hostile) input before it goes into an error message or details. */
export function quote(text: string): string {
  return text.length <= MAX_QUOTED_CHARS ? text : `${text.slice(0, MAX_QUOTED_CHARS)}…`;
}
