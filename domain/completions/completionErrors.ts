import { MirError } from '../errors/mirError.js';

export const COMPLETION_ERROR_CODES = [
  /** The endpoint did not answer within the engine's timeout (on the last attempt). */
  'ENGINE_TIMEOUT',
  /** The endpoint could not be reached or answered 5xx, on every attempt. */
  'ENGINE_UNAVAILABLE',
  /** The endpoint answered 429 on every attempt. */
  'ENGINE_RATE_LIMITED',
  /** The endpoint refused the API key (401, 403). */
  'ENGINE_AUTH_FAILED',
  /** The endpoint refused the request itself (another 4xx): retrying the same request cannot help. */
  'ENGINE_REQUEST_REJECTED',
  /** The endpoint answered something that is not the API's answer (not JSON, wrong shape, a broken stream). */
  'ENGINE_BAD_RESPONSE',
  /** The request was aborted (its run was cancelled). */
  'ENGINE_ABORTED',
  /** The engine's API key file is missing, unreadable or readable by others. */
  'ENGINE_SECRET_UNREADABLE',
] as const;
export type CompletionErrorCode = (typeof COMPLETION_ERROR_CODES)[number];

/** An expected failure of a remote engine call. Details name the engine and status, never the key or texts. */
export class CompletionError extends MirError<CompletionErrorCode> {}

export function isCompletionError(error: unknown): error is CompletionError {
  return error instanceof CompletionError;
}
