import { MirError } from '../errors/mirError.js';

/**
 * Stable codes of memory refusals. The state refusals of a review or an apply (`MEMORY_FORBIDDEN` by role for a
 * review, `MEMORY_SELF_REVIEW`, `MEMORY_ALREADY_REVIEWED`, `MEMORY_NOT_APPROVED`, `MEMORY_REJECTED`,
 * `MEMORY_RETRACTED`, `MEMORY_EXPIRED`, `MEMORY_SCOPE_MISMATCH`) are recorded as events before they are thrown;
 * the others (not found, invalid command, forbidden apply/propose/retract) are only thrown. A stream that keeps
 * moving under a command is the command handler's `CONCURRENCY_EXHAUSTED`.
 */
export const MEMORY_ERROR_CODES = [
  'MEMORY_NOT_FOUND',
  'MEMORY_ALREADY_EXISTS',
  'MEMORY_INVALID_COMMAND',
  'MEMORY_FORBIDDEN',
  'MEMORY_SELF_REVIEW',
  'MEMORY_ALREADY_REVIEWED',
  'MEMORY_NOT_APPROVED',
  'MEMORY_REJECTED',
  'MEMORY_RETRACTED',
  'MEMORY_EXPIRED',
  'MEMORY_SCOPE_MISMATCH',
] as const;
export type MemoryErrorCode = (typeof MEMORY_ERROR_CODES)[number];

/** An expected refusal of a memory command; `details` carry the values that disagree. */
export class MemoryError extends MirError<MemoryErrorCode> {}

export function isMemoryError(error: unknown): error is MemoryError {
  return error instanceof MemoryError;
}
