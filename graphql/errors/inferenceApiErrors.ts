import type { JsonValue } from '../../domain/index.js';
import { ApiError } from './apiErrors.js';

// Expected refusals of model registration and inference (codes from `domain/inference/inferenceErrors.ts`).

/** MODEL_NOT_FOUND: no registered model of that name (and version). */
export class ModelNotFoundError extends ApiError {
  readonly code = 'MODEL_NOT_FOUND';
  constructor(
    message: string,
    readonly model: string,
    readonly version: string | null,
  ) {
    super(message);
  }
}

/** MODEL_INVALID: the upload is not a model MIR can serve (or the name, version, description or featurizer). */
export class ModelInvalidError extends ApiError {
  readonly code = 'MODEL_INVALID';
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}

/** MODEL_VERSION_CONFLICT: the name and version are registered with another file. */
export class ModelVersionConflictError extends ApiError {
  readonly code = 'MODEL_VERSION_CONFLICT';
  constructor(
    message: string,
    /** The model's name (`name` itself is taken by `Error`). */
    readonly modelName: string,
    readonly version: string,
    readonly registeredSha256: string,
    readonly sha256: string,
  ) {
    super(message);
  }
}

/** MODEL_NAME_RESERVED: a model shipped with MIR has that name; a tenant's own model needs another. */
export class ModelNameReservedError extends ApiError {
  readonly code = 'MODEL_NAME_RESERVED';
  constructor(
    message: string,
    /** The model's name (`name` itself is taken by `Error`). */
    readonly modelName: string,
  ) {
    super(message);
  }
}

/** MODEL_INTEGRITY_VIOLATION outside an inference: the stored file no longer matches its registered hash. */
export class ModelIntegrityError extends ApiError {
  readonly code = 'MODEL_INTEGRITY_VIOLATION';
  constructor(
    message: string,
    readonly expectedSha256: string | null,
    readonly actualSha256: string | null,
    readonly actualSize: number | null,
  ) {
    super(message);
  }
}

/** INFERENCE_INVALID_INPUT: the inputs disagree with what the model declares; nothing was recorded. */
export class InvalidInferenceInputError extends ApiError {
  readonly code = 'INFERENCE_INVALID_INPUT';
  constructor(
    message: string,
    readonly input: string | null,
    readonly details: Readonly<Record<string, JsonValue>>,
  ) {
    super(message);
  }
}

/** OVERLOADED: the engine's queue is full; nothing was recorded, retry later. */
export class OverloadedError extends ApiError {
  readonly code = 'OVERLOADED';
  constructor(
    message: string,
    readonly queued: number | null,
    readonly queueLimit: number | null,
  ) {
    super(message);
  }
}

/** INFERENCE_IN_PROGRESS: the request with this idempotency key has not finished yet. */
export class InferenceInProgressError extends ApiError {
  readonly code = 'INFERENCE_IN_PROGRESS';
  constructor(
    message: string,
    readonly inferenceId: string,
  ) {
    super(message);
  }
}

export const INFERENCE_FAILURE_CODES = [
  'MODEL_INTEGRITY_VIOLATION',
  'INFERENCE_TIMEOUT',
  'WORKER_CRASHED',
  'ENGINE_FAILED',
  'ENGINE_CLOSED',
  'OUTPUT_TOO_LARGE',
] as const;
export type InferenceFailureCode = (typeof INFERENCE_FAILURE_CODES)[number];

/** An engine failure after `InferenceRequested` was recorded: recorded as `InferenceFailed` (`failedEventId`). */
export class InferenceFailedError extends ApiError {
  constructor(
    message: string,
    readonly code: InferenceFailureCode,
    readonly inferenceId: string,
    readonly failedEventId: string,
    readonly replayed: boolean,
  ) {
    super(message);
  }
}

/**
 * The engine could not load (warm) a model at registration: nothing about the failure is recorded, while the
 * registration itself may have been; registering the same file again answers `alreadyRegistered` and loads again.
 */
export class ModelLoadFailedError extends ApiError {
  constructor(
    message: string,
    readonly code: InferenceFailureCode,
  ) {
    super(message);
  }
}
