import { MirError } from '../errors/mirError.js';

export const POLICY_ERROR_CODES = [
  /** The policy set does not parse, breaks MIR's Cedar schema, or breaks MIR's annotation rules: nothing recorded. */
  'POLICY_INVALID',
  /** A decision request carries values the evaluator cannot represent (e.g. a risk score outside 0..1). */
  'POLICY_REQUEST_INVALID',
  /** The tenant's policy stream kept moving under concurrent publishers; the retry bound ran out. */
  'POLICY_CONCURRENCY_EXHAUSTED',
] as const;
export type PolicyErrorCode = (typeof POLICY_ERROR_CODES)[number];

/** An expected refusal of a policy command or decision request: returned to callers as a typed result. */
export class PolicyError extends MirError<PolicyErrorCode> {}

export function isPolicyError(error: unknown): error is PolicyError {
  return error instanceof PolicyError;
}
