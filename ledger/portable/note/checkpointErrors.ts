import { MirError } from '../../../domain/errors/mirError.js';
import type { JsonValue } from '../../../domain/events/json.js';

/**
 * Stable codes for checkpoint body failures (signature failures are NoteErrors).
 *
 * - `CHECKPOINT_MALFORMED`: a note text that is not a MIR checkpoint body (details: reason, line, value capped).
 * - `CHECKPOINT_INVALID`: a Checkpoint object that cannot be formatted (details: field, reason, value).
 */
export const CHECKPOINT_ERROR_CODES = ['CHECKPOINT_MALFORMED', 'CHECKPOINT_INVALID'] as const;
export type CheckpointErrorCode = (typeof CHECKPOINT_ERROR_CODES)[number];

export class CheckpointError extends MirError<CheckpointErrorCode> {
  constructor(code: CheckpointErrorCode, message: string, details: Readonly<Record<string, JsonValue>> = {}) {
    super(code, message, details);
  }
}

export function isCheckpointError(error: unknown): error is CheckpointError {
  return error instanceof CheckpointError;
}
