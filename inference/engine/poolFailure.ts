import { InferenceError } from '../../domain/index.js';
import type { TaskDeadline } from './taskDeadline.js';
import { oneLine } from './workerFailure.js';
import type { SerializedInferenceError } from './workerProtocol.js';

/** The failure of a request whose deadline passed, whether or not a worker had started it. */
export function timeoutError(deadline: TaskDeadline): InferenceError {
  const started = deadline.outcome === 'started';
  const what = started
    ? 'its worker is replaced as soon as ONNX Runtime returns (a run in progress cannot be interrupted)'
    : 'it never started';
  return new InferenceError(
    'INFERENCE_TIMEOUT',
    `the inference did not finish within ${deadline.limitMs} ms; ${what}`,
    { timeoutMs: deadline.limitMs, started },
  );
}

/**
 * The `InferenceError` for a task piscina rejected. Workers reply with values, so a rejection is never the
 * model's fault: either the engine is closing, or the worker thread died (terminated, `process.exit`, out of
 * memory) and piscina has started a replacement.
 */
export function poolFailure(error: unknown, closing: boolean): InferenceError {
  if (closing) return new InferenceError('ENGINE_CLOSED', 'the inference engine closed before the task ran');
  return new InferenceError(
    'WORKER_CRASHED',
    `the inference worker died: ${oneLine(error)}; it was replaced`,
    {
      reason: oneLine(error),
    },
  );
}

/** Rebuilds the error a worker serialised (structured cloning drops the class, code and details). */
export function rebuildError(error: SerializedInferenceError): InferenceError {
  return new InferenceError(error.code, error.message, error.details);
}
