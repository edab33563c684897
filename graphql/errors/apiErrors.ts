import type { JsonValue } from '../../domain/index.js';

/**
 * Expected refusals returned as typed results (the errors plugin turns a thrown instance of a class listed on a
 * field into a member of that field's result union). Each carries a stable `code` and the values that disagree.
 */
export abstract class ApiError extends Error {
  abstract readonly code: string;
}

export class RunNotFoundError extends ApiError {
  readonly code = 'RUN_NOT_FOUND';
  constructor(
    message: string,
    readonly runId: string,
  ) {
    super(message);
  }
}

export class RunNotActiveError extends ApiError {
  readonly code = 'RUN_NOT_ACTIVE';
  constructor(
    message: string,
    readonly runId: string,
    readonly status: string,
  ) {
    super(message);
  }
}

export class RunBudgetExceededError extends ApiError {
  readonly code = 'RUN_BUDGET_EXCEEDED';
  constructor(
    message: string,
    readonly runId: string,
    readonly budget: string,
    readonly limit: number,
    readonly actual: number,
  ) {
    super(message);
  }
}

export class RunAlreadyExistsError extends ApiError {
  readonly code = 'RUN_ALREADY_EXISTS';
  constructor(
    message: string,
    readonly runId: string,
  ) {
    super(message);
  }
}

/** RUN_INVALID_COMMAND: an argument the run decider refused (`field` and `reason` when it names one). */
export class InvalidCommandError extends ApiError {
  readonly code = 'RUN_INVALID_COMMAND';
  constructor(
    message: string,
    readonly field: string | null,
    readonly reason: string | null,
  ) {
    super(message);
  }
}

/**
 * CONCURRENCY_EXHAUSTED: other writers (other processes: one process queues its own commands per stream) kept
 * moving the stream under the command; nothing was recorded; safe to retry with the same key.
 */
export class ConcurrencyConflictError extends ApiError {
  readonly code = 'CONCURRENCY_EXHAUSTED';
  constructor(
    message: string,
    readonly stream: string,
    readonly attempts: number,
    /** The revision the last attempt expected (null: that the stream did not exist yet). */
    readonly expectedRevision: number | null,
    /** The revision the stream had instead (null: unknown or no stream). */
    readonly actualRevision: number | null,
  ) {
    super(message);
  }
}

/** RUN_STEP_OUT_OF_RANGE: the run has no such step (`forkRun`'s atStep): its steps are firstStep..steps. */
export class RunStepOutOfRangeError extends ApiError {
  readonly code = 'RUN_STEP_OUT_OF_RANGE';
  constructor(
    message: string,
    readonly runId: string,
    readonly atStep: number,
    readonly firstStep: number,
    readonly steps: number,
  ) {
    super(message);
  }
}

export const LEDGER_INPUT_CODES = [
  'NON_JSON_VALUE',
  'EVENT_TOO_LARGE',
  'APPEND_TOO_LARGE',
  'INVALID_EVENT',
  'INVALID_STREAM_NAME',
  'IDEMPOTENCY_CONFLICT',
] as const;
export type LedgerInputCode = (typeof LEDGER_INPUT_CODES)[number];

/** The ledger refused the events a command produced (not JSON, too large, …); nothing was written. */
export class LedgerInputError extends ApiError {
  constructor(
    message: string,
    readonly code: LedgerInputCode,
    readonly details: Readonly<Record<string, JsonValue>>,
  ) {
    super(message);
  }
}
