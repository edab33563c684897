import { MirError } from '../../domain/errors/mirError.js';
import type { JsonValue } from '../../domain/events/json.js';

/**
 * Stable codes of the witness (`mir witness`).
 *
 * - `WITNESS_REQUEST_MALFORMED`: an add-checkpoint body that breaks the C2SP tlog-witness grammar, or names an old
 *   size above the checkpoint's (answered 400; details: reason, line where one applies).
 * - `WITNESS_STATE_MALFORMED`: the witness's state file cannot be read back (details: path, reason). The witness
 *   refuses to start rather than forget what it cosigned.
 * - `WITNESS_STATE_IO`: the state file could not be written durably (details: path, operation, errno); nothing
 *   is cosigned then.
 */
export const WITNESS_ERROR_CODES = [
  'WITNESS_REQUEST_MALFORMED',
  'WITNESS_STATE_MALFORMED',
  'WITNESS_STATE_IO',
] as const;
export type WitnessErrorCode = (typeof WITNESS_ERROR_CODES)[number];

/** Raised by `ledger/witness`. Requests and checkpoints are public: details may quote them (capped). */
export class WitnessError extends MirError<WitnessErrorCode> {
  constructor(
    code: WitnessErrorCode,
    message: string,
    details: Readonly<Record<string, JsonValue>> = {},
    cause?: unknown,
  ) {
    super(code, message, details, cause);
  }
}

export function isWitnessError(error: unknown): error is WitnessError {
  return error instanceof WitnessError;
}
