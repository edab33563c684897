import { MirError } from '../errors/mirError.js';

export const ENGINE_ERROR_CODES = [
  /** The engine definition is malformed (details `field`, `reason`). */
  'ENGINE_INVALID',
  /** No engine of that name is registered for the caller's tenant (another tenant's engine is unknown alike). */
  'ENGINE_UNKNOWN',
  /** A completion or embeddings request is malformed (no messages, an unknown role, empty inputs…). */
  'COMPLETION_INVALID',
  /** A completion with this idempotency key was requested and has no outcome yet: retry later. */
  'COMPLETION_IN_PROGRESS',
] as const;
export type EngineErrorCode = (typeof ENGINE_ERROR_CODES)[number];

/** An expected failure of engine registration or lookup. Details never hold an API key. */
export class EngineError extends MirError<EngineErrorCode> {}

export function isEngineError(error: unknown): error is EngineError {
  return error instanceof EngineError;
}
