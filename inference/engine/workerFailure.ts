import type { InferenceErrorCode, JsonValue } from '../../domain/index.js';
import type { SerializedInferenceError } from './workerProtocol.js';

/**
 * An expected failure raised inside a worker. It never crosses the thread boundary as an exception: the worker
 * turns it into a `SerializedInferenceError` reply, and the engine rebuilds an `InferenceError` from that.
 */
export class WorkerFailure extends Error {
  override readonly name = 'WorkerFailure';

  constructor(
    readonly code: InferenceErrorCode,
    message: string,
    readonly details: Readonly<Record<string, JsonValue>> = {},
  ) {
    super(message);
  }
}

/** Any error a worker caught, as a reply: `WorkerFailure`s keep their code; anything else is `ENGINE_FAILED`. */
export function serializeFailure(error: unknown): SerializedInferenceError {
  if (error instanceof WorkerFailure)
    return { code: error.code, message: error.message, details: error.details };
  return { code: 'ENGINE_FAILED', message: `onnxruntime: ${oneLine(error)}`, details: {} };
}

/** The first line of an error's message, trimmed and capped: what a log or an event can carry (never a stack). */
export function oneLine(error: unknown, maxLength = 300): string {
  const message = error instanceof Error ? error.message : String(error);
  const first = message.split('\n', 1)[0]!.trim();
  return first.length > maxLength ? `${first.slice(0, maxLength - 1)}…` : first;
}
