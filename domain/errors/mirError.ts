import type { JsonValue } from '../events/json.js';

/**
 * Base of every error MIR raises on purpose. `code` is stable (clients and tests switch on it);
 * `details` carries the values that disagree (expected vs actual, limits, positions) as plain JSON
 * so the API layer can return them verbatim. Never put secrets in `details` or `message`.
 */
export class MirError<Code extends string = string> extends Error {
  readonly code: Code;
  readonly details: Readonly<Record<string, JsonValue>>;

  constructor(
    code: Code,
    message: string,
    details: Readonly<Record<string, JsonValue>> = {},
    cause?: unknown,
  ) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }
}

export function isMirError(error: unknown): error is MirError {
  return error instanceof MirError;
}

/** True when `error` is a MirError with exactly this code. */
export function hasErrorCode<Code extends string>(error: unknown, code: Code): error is MirError<Code> {
  return error instanceof MirError && error.code === code;
}
