import { MirError } from '../errors/mirError.js';

export const APPROVAL_ERROR_CODES = [
  /** The command is malformed (e.g. an empty reason, an unknown decision): nothing recorded. */
  'APPROVAL_INVALID_COMMAND',
] as const;
export type ApprovalErrorCode = (typeof APPROVAL_ERROR_CODES)[number];

/** An expected refusal of an approval command that is not recorded (malformed input). */
export class ApprovalError extends MirError<ApprovalErrorCode> {}

export function isApprovalError(error: unknown): error is ApprovalError {
  return error instanceof ApprovalError;
}
