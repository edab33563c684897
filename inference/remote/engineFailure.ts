import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai';
import { CompletionError, type CompletionErrorCode, type JsonValue } from '../../domain/index.js';

/** How one failed attempt is judged: its code if it stays the last, whether to retry, and what to report. */
export interface AttemptFailure {
  readonly code: CompletionErrorCode;
  /** An idempotent failure (connection, timeout, 408, 409, 429, 5xx): the same request may be sent again. */
  readonly retryable: boolean;
  /** What the endpoint's `retry-after` asked for, in ms; null when it said nothing. */
  readonly retryAfterMs: number | null;
  /** What went wrong, for the error's message (never the endpoint's own text). */
  readonly summary: string;
  /** Status and the endpoint's error type and code (and a short excerpt of its message for a rejection). */
  readonly details: Readonly<Record<string, JsonValue>>;
}

/** An answer that is not the API's (wrong shape, a stream without its finish); the message says what, briefly. */
export class MalformedAnswer extends Error {}

/** What the attempt loop knows beside the error itself. */
export interface AttemptState {
  /** The caller's signal aborted. */
  readonly aborted: boolean;
  /** The attempt's deadline (or a stream's idle deadline) passed. */
  readonly timedOut: boolean;
  /** The key sent, scrubbed from anything the endpoint says before it is passed on. */
  readonly secret: string | null;
}

/** The longest excerpt of an endpoint's error message passed on (a rejected request's reason). */
export const MESSAGE_EXCERPT_CHARS = 200;

const RETRYABLE_STATUS: Readonly<Record<number, CompletionErrorCode>> = {
  408: 'ENGINE_TIMEOUT',
  409: 'ENGINE_UNAVAILABLE',
  429: 'ENGINE_RATE_LIMITED',
};

/** `retry-after` as delta-seconds or an HTTP date, in ms from `now`; null when absent or unreadable. */
export function retryAfterMs(value: string | null | undefined, now: number = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === '') return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function failure(
  code: CompletionErrorCode,
  retryable: boolean,
  summary: string,
  details: Readonly<Record<string, JsonValue>> = {},
  retryAfter: number | null = null,
): AttemptFailure {
  return { code, retryable, retryAfterMs: retryAfter, summary, details };
}

/** The endpoint's error `type` and `code` (from `{ error: { type, code } }`), when it sent them. */
function endpointError(
  error: unknown,
  secret: string | null,
  withMessage: boolean,
): Record<string, JsonValue> {
  const body = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const pick = (name: string) => (typeof body[name] === 'string' ? { [name]: body[name] } : {});
  const raw = typeof body.message === 'string' ? body.message : '';
  const scrubbed = secret === null ? raw : raw.split(secret).join('[redacted]');
  const fields: Record<string, JsonValue> = { ...pick('type'), ...pick('code') };
  if (withMessage && raw !== '') fields.message = scrubbed.slice(0, MESSAGE_EXCERPT_CHARS);
  return fields;
}

function statusFailure(error: APIError & { status: number }, secret: string | null): AttemptFailure {
  const { status } = error;
  const details = { status, ...endpointError(error.error, secret, false) };
  if (status === 401 || status === 403) {
    return failure('ENGINE_AUTH_FAILED', false, `refused the API key (${status})`, details);
  }
  const retryableCode = RETRYABLE_STATUS[status] ?? (status >= 500 ? 'ENGINE_UNAVAILABLE' : undefined);
  if (retryableCode !== undefined) {
    const after = retryAfterMs(error.headers?.get('retry-after'));
    return failure(retryableCode, true, `answered ${status}`, details, after);
  }
  const rejection = { status, ...endpointError(error.error, secret, true) };
  return failure('ENGINE_REQUEST_REJECTED', false, `rejected the request (${status})`, rejection);
}

/** Judges one failed attempt. Never throws; an error it does not know is a bad response, not retried. */
export function classifyAttemptFailure(error: unknown, state: AttemptState): AttemptFailure {
  if (state.aborted) return failure('ENGINE_ABORTED', false, 'was aborted');
  if (state.timedOut || error instanceof APIConnectionTimeoutError) {
    return failure('ENGINE_TIMEOUT', true, 'did not answer in time');
  }
  if (error instanceof MalformedAnswer) return failure('ENGINE_BAD_RESPONSE', false, error.message);
  if (error instanceof APIUserAbortError) return failure('ENGINE_ABORTED', false, 'was aborted');
  if (error instanceof APIConnectionError) return failure('ENGINE_UNAVAILABLE', true, 'could not be reached');
  if (error instanceof APIError && typeof error.status === 'number') {
    return statusFailure(error as APIError & { status: number }, state.secret);
  }
  if (error instanceof APIError) {
    // An error event inside a stream: the endpoint broke off its answer.
    const details = endpointError(error.error, state.secret, false);
    return failure('ENGINE_BAD_RESPONSE', false, 'broke off its stream with an error', details);
  }
  const kind = error instanceof SyntaxError ? 'an answer that is not JSON' : 'a broken answer';
  return failure('ENGINE_BAD_RESPONSE', false, `sent ${kind}`);
}

/** The error a call fails with once `last` is final. */
export function completionFailure(engine: string, attempts: number, last: AttemptFailure): CompletionError {
  const tries = attempts === 1 ? '1 attempt' : `${attempts} attempts`;
  return new CompletionError(last.code, `Engine '${engine}' ${last.summary} (${tries}).`, {
    ...last.details,
    engine,
    attempts,
  });
}
