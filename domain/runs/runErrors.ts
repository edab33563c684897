import { MirError } from '../errors/mirError.js';

export const RUN_ERROR_CODES = [
  'RUN_NOT_FOUND',
  'RUN_ALREADY_EXISTS',
  'RUN_NOT_ACTIVE',
  'RUN_BUDGET_EXCEEDED',
  'RUN_INVALID_COMMAND',
  /** A step a run does not have (forkRun's `atStep`): details runId, atStep, firstStep, steps. */
  'RUN_STEP_OUT_OF_RANGE',
] as const;
export type RunErrorCode = (typeof RUN_ERROR_CODES)[number];

/** An expected refusal of a run command: the API returns it as a typed result, not as a server error. */
export class RunError extends MirError<RunErrorCode> {}

export function isRunError(error: unknown): error is RunError {
  return error instanceof RunError;
}
