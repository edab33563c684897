import type { InferenceError, JsonValue } from '../../domain/index.js';
import {
  INFERENCE_FAILURE_CODES,
  InferenceFailedError,
  InferenceInProgressError,
  InvalidInferenceInputError,
  ModelIntegrityError,
  ModelInvalidError,
  ModelLoadFailedError,
  ModelNameReservedError,
  ModelNotFoundError,
  ModelVersionConflictError,
  OverloadedError,
} from './inferenceApiErrors.js';
import type { InferenceFailureCode } from './inferenceApiErrors.js';

/** The typed API error of an `InferenceError`; the error itself for a code no client is meant to see. */
export function inferenceApiError(error: InferenceError): unknown {
  const { details, message } = error;
  switch (error.code) {
    case 'MODEL_NOT_FOUND':
      return new ModelNotFoundError(message, text(details.model), orNull(details.version));
    case 'MODEL_INVALID':
      return new ModelInvalidError(message, text(details.reason) || message);
    case 'MODEL_VERSION_CONFLICT':
      return new ModelVersionConflictError(
        message,
        text(details.name),
        text(details.version),
        text(details.registeredSha256),
        text(details.sha256),
      );
    case 'MODEL_NAME_RESERVED':
      return new ModelNameReservedError(message, text(details.name));
    case 'INFERENCE_INVALID_INPUT':
      return new InvalidInferenceInputError(message, orNull(details.input), details);
    case 'OVERLOADED':
      return new OverloadedError(message, numOrNull(details.queued), numOrNull(details.limit));
    case 'INFERENCE_IN_PROGRESS':
      return new InferenceInProgressError(message, text(details.inferenceId));
    default:
      return failure(error);
  }
}

/**
 * An engine failure. During an inference it was recorded and names its `InferenceFailed` event; without one it
 * happened while warming a model at registration (integrity refusals have their own type there).
 */
function failure(error: InferenceError): unknown {
  const { details, message } = error;
  if (!(INFERENCE_FAILURE_CODES as readonly string[]).includes(error.code)) return error;
  const code = error.code as InferenceFailureCode;
  const [inferenceId, failedEventId] = [orNull(details.inferenceId), orNull(details.failedEventId)];
  if (inferenceId !== null && failedEventId !== null)
    return new InferenceFailedError(message, code, inferenceId, failedEventId, details.replayed === true);
  if (code === 'MODEL_INTEGRITY_VIOLATION')
    return new ModelIntegrityError(
      message,
      orNull(details.expectedSha256),
      orNull(details.actualSha256),
      numOrNull(details.actualSize),
    );
  return new ModelLoadFailedError(message, code);
}

const text = (value: JsonValue | undefined): string => (typeof value === 'string' ? value : '');
const orNull = (value: JsonValue | undefined): string | null => (typeof value === 'string' ? value : null);
const numOrNull = (value: JsonValue | undefined): number | null => (typeof value === 'number' ? value : null);
