import { LedgerError } from '../../domain/index.js';

/**
 * Stream names: a lowercase-led camelCase category, optionally `-` and an id, e.g. `run-<uuid>`,
 * `memory-acme`, `tool-http.get`, `keys`, `checkpoints`. The id may hold letters, digits and `._:@-`.
 * ASCII only, so a name is the same in every encoding and in every log line; at most 256 characters.
 */
const STREAM_NAME = /^[a-z][a-zA-Z0-9]{0,63}(?:-[A-Za-z0-9][A-Za-z0-9._:@-]{0,190})?$/;

export function assertStreamName(stream: unknown): asserts stream is string {
  if (typeof stream !== 'string' || !STREAM_NAME.test(stream)) {
    const shown = typeof stream === 'string' ? stream.slice(0, 100) : typeof stream;
    throw new LedgerError('INVALID_STREAM_NAME', `invalid stream name ${JSON.stringify(shown)}`, {
      stream: shown,
      rule: 'category [a-z][a-zA-Z0-9]{0,63}, optionally "-" and an id of [A-Za-z0-9._:@-], 256 chars max',
    });
  }
}

export function isValidStreamName(stream: string): boolean {
  return STREAM_NAME.test(stream);
}
