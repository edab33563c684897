import { MirError } from '../errors/mirError.js';

export const ROLLBACK_ERROR_CODES = [
  /** The point names no step or event of the run (details: the point, the run's last step and position). */
  'ROLLBACK_POINT_NOT_FOUND',
  /** Bad input: not exactly one of step and position, an empty reason (details: field, reason). */
  'ROLLBACK_INVALID_COMMAND',
  /** Another rollback of the run has started and not ended (details: runId, rollbackId). Recorded. */
  'ROLLBACK_IN_PROGRESS',
] as const;
export type RollbackErrorCode = (typeof ROLLBACK_ERROR_CODES)[number];

/** An expected refusal of a rollback: the API returns it as a typed result. */
export class RollbackError extends MirError<RollbackErrorCode> {}

export function isRollbackError(error: unknown): error is RollbackError {
  return error instanceof RollbackError;
}
