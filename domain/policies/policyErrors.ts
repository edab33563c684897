import { MirError } from '../errors/mirError.js';

export const POLICY_ERROR_CODES = [
  /** The policy set does not parse, breaks MIR's Cedar schema, or breaks MIR's annotation rules: nothing recorded. */
  'POLICY_INVALID',
  /** A decision request carries values the evaluator cannot represent (e.g. a risk score outside 0..1). */
  'POLICY_REQUEST_INVALID',
  /** The text is over the size or policy-count limit (details: limit, max, actual): refused before the engine. */
  'POLICY_TOO_LARGE',
  /** An expression nests deeper than the limit (details: limit, max, actual): refused before the engine. */
  'POLICY_TOO_COMPLEX',
  /**
   * The policy engine itself failed (a trap inside it, not a verdict on the input): the engine was replaced by a
   * fresh one and the request can be retried; no other request is affected.
   */
  'POLICY_ENGINE_FAILED',
] as const;
export type PolicyErrorCode = (typeof POLICY_ERROR_CODES)[number];

/** An expected refusal of a policy command or decision request: returned to callers as a typed result. */
export class PolicyError extends MirError<PolicyErrorCode> {}

export function isPolicyError(error: unknown): error is PolicyError {
  return error instanceof PolicyError;
}
