import { MirError } from '../domain/index.js';

/** Stable codes of the projections layer's errors. */
export const PROJECTION_ERROR_CODES = [
  /** A projection could not apply an event; nothing of its batch was written. Details name the event. */
  'PROJECTION_FAILED',
  /** The read-model file is not one this version can use (or not a read-model file at all). */
  'READ_MODEL_FORMAT',
  /** SQLite refused to open or set up the read-model file; `details.sqliteCode` says why. */
  'READ_MODEL_STORAGE',
  /** The read models cover positions the ledger does not hold (a restored or replaced ledger). */
  'READ_MODEL_AHEAD',
  /** The event the read models last applied is not the ledger's event at that position. */
  'READ_MODEL_DIVERGED',
  /** The runner was closed while a caller waited on it. */
  'PROJECTION_CLOSED',
  /** `waitFor` gave up before the position was applied. */
  'PROJECTION_WAIT_TIMEOUT',
  'INVALID_CURSOR',
  'INVALID_PAGE',
  'INVALID_FILTER',
  'INVALID_POSITION',
  /** `explain` was given an event id that is not a lowercase UUID (details: `eventId`). */
  'INVALID_EVENT_ID',
] as const;
export type ProjectionErrorCode = (typeof PROJECTION_ERROR_CODES)[number];

/** Every error the projections layer raises on purpose. `details` holds the values that disagree. */
export class ProjectionError extends MirError<ProjectionErrorCode> {}

export function isProjectionError(error: unknown): error is ProjectionError {
  return error instanceof ProjectionError;
}
