import { MirError } from '../errors/mirError.js';

export const INFERENCE_ERROR_CODES = [
  /** No registered model has that name (and version). */
  'MODEL_NOT_FOUND',
  /** The file is not a loadable ONNX model, or declares what MIR cannot serve. */
  'MODEL_INVALID',
  /** That name and version are already registered with other bytes. */
  'MODEL_VERSION_CONFLICT',
  /** The name belongs to a model shipped with MIR: a tenant may not register a model of its own under it. */
  'MODEL_NAME_RESERVED',
  /** The model file's bytes no longer match the registered SHA-256: it was not loaded. */
  'MODEL_INTEGRITY_VIOLATION',
  /** Inputs do not match the model's declared names, element types, ranks, dimensions or size limits. */
  'INFERENCE_INVALID_INPUT',
  /** The engine's queue is full: retry later. Nothing was recorded. */
  'OVERLOADED',
  /** The inference ran past its time limit; the worker running it was replaced. */
  'INFERENCE_TIMEOUT',
  /** The worker running the inference died; it was replaced. */
  'WORKER_CRASHED',
  /** ONNX Runtime refused or failed the run. */
  'ENGINE_FAILED',
  /** The engine is shutting down or closed. */
  'ENGINE_CLOSED',
  /** The model produced more output than an event may carry. */
  'OUTPUT_TOO_LARGE',
  /** An earlier request with this idempotency key is still running. */
  'INFERENCE_IN_PROGRESS',
] as const;
export type InferenceErrorCode = (typeof INFERENCE_ERROR_CODES)[number];

/** An expected failure of model registration or inference: returned to callers as a typed result. */
export class InferenceError extends MirError<InferenceErrorCode> {}

export function isInferenceError(error: unknown): error is InferenceError {
  return error instanceof InferenceError;
}

/** Failures that happen after `InferenceRequested` was recorded and are recorded as `InferenceFailed`. */
export const RECORDED_FAILURE_CODES: readonly InferenceErrorCode[] = [
  'MODEL_INTEGRITY_VIOLATION',
  'INFERENCE_TIMEOUT',
  'WORKER_CRASHED',
  'ENGINE_FAILED',
  'ENGINE_CLOSED',
  'OUTPUT_TOO_LARGE',
];
