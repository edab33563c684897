// The C2SP signed notes and checkpoint notes on Node: synchronous wrappers over the portable steps in
// ledger/portable/note/ (the browser verifier runs the same code with WebCrypto).
import { runOnNode } from '../../keys/nodeCrypto.js';
import {
  openCheckpointSteps,
  parseCheckpointBody as parsePortableCheckpointBody,
  signCheckpointSteps,
} from '../../portable/note/checkpointNote.js';
import type { Checkpoint as PortableCheckpoint } from '../../portable/note/checkpointNote.js';
import { openNoteSteps, signNoteSteps } from '../../portable/note/signedNote.js';
import type { NoteSigner, OpenedNote } from '../../portable/note/signedNote.js';
import {
  computeKeyIdSteps,
  createVerifierKeySteps,
  ED25519_SIGNATURE_TYPE,
  formatVerifierKeySteps,
  parseVerifierKeySteps,
} from '../../portable/note/verifierKey.js';
import type { NoteVerifierKey } from '../../portable/note/verifierKey.js';

/** A checkpoint as Node code handles it: the root as a Buffer (hex and base64 at hand). */
export type Checkpoint = Omit<PortableCheckpoint, 'rootHash'> & { readonly rootHash: Buffer };

export { CHECKPOINT_ROOT_HASH_LENGTH, formatCheckpointBody } from '../../portable/note/checkpointNote.js';
export type { CheckpointErrorCode } from '../../portable/note/checkpointErrors.js';
export {
  CHECKPOINT_ERROR_CODES,
  CheckpointError,
  isCheckpointError,
} from '../../portable/note/checkpointErrors.js';
export { isValidKeyName } from '../../portable/note/keyName.js';
export type { NoteErrorCode } from '../../portable/note/noteErrors.js';
export { isNoteError, NOTE_ERROR_CODES, NoteError } from '../../portable/note/noteErrors.js';
export type { OpenedNote } from '../../portable/note/signedNote.js';
export { MAX_NOTE_BYTES, MAX_NOTE_SIGNATURES } from '../../portable/note/signedNote.js';
export type { NoteVerifierKey } from '../../portable/note/verifierKey.js';
export { ED25519_SIGNATURE_TYPE, formatKeyId } from '../../portable/note/verifierKey.js';

/** See signNoteSteps. */
export function signNote(text: string, keyName: string, signer: NoteSigner): string {
  return runOnNode(signNoteSteps(text, keyName, signer));
}

/** See openNoteSteps. */
export function openNote(note: string | Uint8Array, verifierKeys: readonly NoteVerifierKey[]): OpenedNote {
  return runOnNode(openNoteSteps(note, verifierKeys));
}

/** See computeKeyIdSteps (signature type 0x01, note-signing keys). */
export function computeKeyId(name: string, publicKey: Uint8Array): number {
  return runOnNode(computeKeyIdSteps(name, ED25519_SIGNATURE_TYPE, publicKey));
}

/** See createVerifierKeySteps. */
export function createVerifierKey(name: string, publicKey: Uint8Array): NoteVerifierKey {
  return runOnNode(createVerifierKeySteps(name, publicKey));
}

/** See formatVerifierKeySteps. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  return runOnNode(formatVerifierKeySteps(name, publicKey));
}

/** See parseVerifierKeySteps (Ed25519 note keys, type 0x01). */
export function parseVerifierKey(text: string): NoteVerifierKey {
  return runOnNode(parseVerifierKeySteps(text));
}

/** See signCheckpointSteps. */
export function signCheckpoint(checkpoint: PortableCheckpoint, keyName: string, signer: NoteSigner): string {
  return runOnNode(signCheckpointSteps(checkpoint, keyName, signer));
}

/** See openCheckpointSteps; the root comes back as a Buffer. */
export function openCheckpoint(
  note: string | Uint8Array,
  verifierKeys: readonly NoteVerifierKey[],
): Checkpoint {
  return withBufferRoot(runOnNode(openCheckpointSteps(note, verifierKeys)));
}

/** See parseCheckpointBody; the root comes back as a Buffer. */
export function parseCheckpointBody(text: string): Checkpoint {
  return withBufferRoot(parsePortableCheckpointBody(text));
}

function withBufferRoot(checkpoint: PortableCheckpoint): Checkpoint {
  return { ...checkpoint, rootHash: Buffer.from(checkpoint.rootHash) };
}
