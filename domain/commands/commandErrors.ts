import type { ExpectedRevision } from '../ports/eventLog.js';
import { MirError } from '../errors/mirError.js';

/** Stable codes of the command handler's errors. */
export const COMMAND_ERROR_CODES = ['CONCURRENCY_EXHAUSTED'] as const;
export type CommandErrorCode = (typeof COMMAND_ERROR_CODES)[number];

export class CommandError extends MirError<CommandErrorCode> {}

/**
 * The one conflict error: other writers (other processes: one process queues its own commands per stream) kept
 * moving the stream, and the command gave up after `attempts`. Carries the revision it expected and the one it
 * met on its last attempt. Safe to retry, with the same idempotency key.
 */
export function concurrencyExhausted(
  stream: string,
  attempts: number,
  expected: ExpectedRevision,
  actual: number | null,
): CommandError {
  return new CommandError(
    'CONCURRENCY_EXHAUSTED',
    `${stream} kept changing under the command; gave up after ${attempts} attempts`,
    { stream, attempts, expectedRevision: expected, actualRevision: actual },
  );
}
