export type { Checkpoint } from './checkpointNote.js';
export {
  CHECKPOINT_ROOT_HASH_LENGTH,
  formatCheckpointBody,
  openCheckpoint,
  parseCheckpointBody,
  signCheckpoint,
} from './checkpointNote.js';
export type { CheckpointErrorCode } from './checkpointErrors.js';
export { CHECKPOINT_ERROR_CODES, CheckpointError, isCheckpointError } from './checkpointErrors.js';
export { isValidKeyName } from './keyName.js';
export type { NoteErrorCode } from './noteErrors.js';
export { isNoteError, NOTE_ERROR_CODES, NoteError } from './noteErrors.js';
export type { OpenedNote } from './signedNote.js';
export { MAX_NOTE_BYTES, MAX_NOTE_SIGNATURES, openNote, signNote } from './signedNote.js';
export type { NoteVerifierKey } from './verifierKey.js';
export {
  computeKeyId,
  createVerifierKey,
  ED25519_SIGNATURE_TYPE,
  formatKeyId,
  formatVerifierKey,
  parseVerifierKey,
} from './verifierKey.js';
