import type { JsonValue } from '../events/json.js';
import { MirError } from './mirError.js';
import type { ExpectedRevision } from '../ports/eventLog.js';

/** Stable codes of the event log port's errors. */
export const LEDGER_ERROR_CODES = [
  'WRONG_EXPECTED_REVISION',
  'INVALID_STREAM_NAME',
  'INVALID_EVENT',
  'NON_JSON_VALUE',
  'EVENT_TOO_LARGE',
  'APPEND_TOO_LARGE',
  /** A blob over its store's size limit (`details.limit`, `details.actual`): nothing was stored. */
  'BLOB_TOO_LARGE',
  'IDEMPOTENCY_CONFLICT',
  'CHECKPOINT_NOT_EXTENDING',
  'INVALID_READ',
  'STORAGE_FULL',
  'STORAGE_READONLY',
  'STORAGE_BUSY',
  'STORAGE_IO',
  'STORAGE_CORRUPT',
  'LEDGER_CLOSED',
] as const;
export type LedgerErrorCode = (typeof LEDGER_ERROR_CODES)[number];

export class LedgerError extends MirError<LedgerErrorCode> {}

export function isLedgerError(error: unknown): error is LedgerError {
  return error instanceof LedgerError;
}

export function wrongExpectedRevision(stream: string, expected: ExpectedRevision, actual: number | null) {
  return new LedgerError(
    'WRONG_EXPECTED_REVISION',
    `stream ${stream}: expected revision ${String(expected)}, actual ${actual === null ? 'no stream' : actual}`,
    { stream, expected, actual },
  );
}

/**
 * The same idempotency key sent again with other arguments: refused, nothing appended. Every service that honours
 * keys raises this one error, so a client sees IDEMPOTENCY_CONFLICT whatever it called; `details` name what differs.
 */
export function idempotencyConflict(
  message: string,
  details: Readonly<Record<string, JsonValue>>,
): LedgerError {
  return new LedgerError('IDEMPOTENCY_CONFLICT', message, details);
}

/** Storage faults are retryable (except corruption): the append did not happen and may be tried again. */
export const STORAGE_ERROR_CODES: ReadonlySet<LedgerErrorCode> = new Set([
  'STORAGE_FULL',
  'STORAGE_READONLY',
  'STORAGE_BUSY',
  'STORAGE_IO',
  'STORAGE_CORRUPT',
]);

export function isStorageError(error: unknown): error is LedgerError {
  return error instanceof LedgerError && STORAGE_ERROR_CODES.has(error.code);
}
