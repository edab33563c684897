import { MirError } from '../errors/mirError.js';

export type ApprovalErrorCode =
  /** The command is malformed (e.g. an empty reason, an unknown decision): nothing recorded. */
  'APPROVAL_INVALID_COMMAND';

/** An expected refusal of an approval command that is not recorded (malformed input). */
export class ApprovalError extends MirError<ApprovalErrorCode> {}

export function isApprovalError(error: unknown): error is ApprovalError {
  return error instanceof ApprovalError;
}
