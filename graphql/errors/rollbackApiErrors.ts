import { ApiError } from './apiErrors.js';

/** ROLLBACK_POINT_NOT_FOUND: the run has no such step or event; says where the run is. */
export class RollbackPointNotFoundError extends ApiError {
  readonly code = 'ROLLBACK_POINT_NOT_FOUND';
  constructor(
    message: string,
    readonly step: number | null,
    readonly position: number | null,
    readonly lastStep: number,
    readonly lastPosition: number | null,
  ) {
    super(message);
  }
}

/** ROLLBACK_INVALID_COMMAND: the arguments as given cannot be a rollback; `field` names the one at fault. */
export class RollbackInvalidError extends ApiError {
  readonly code = 'ROLLBACK_INVALID_COMMAND';
  constructor(
    message: string,
    readonly field: string,
    readonly reason: string,
    readonly value: string | null,
  ) {
    super(message);
  }
}

/** ROLLBACK_IN_PROGRESS: another rollback of the run has not ended; this refusal was recorded. */
export class RollbackInProgressError extends ApiError {
  readonly code = 'ROLLBACK_IN_PROGRESS';
  constructor(
    message: string,
    readonly runId: string,
    readonly rollbackId: string,
    readonly refusalEventId: string | null,
  ) {
    super(message);
  }
}
