import { LedgerError } from '../../domain/index.js';
import type { ExpectedRevision, NewEvent } from '../../domain/index.js';
import { canonicalJson } from '../portable/canonicalJson.js';
import { assertValidNewEvent } from '../encoding/eventValidation.js';
import { assertStreamName } from '../encoding/streamName.js';
import type { LedgerLimits } from './ledgerLimits.js';

/** One event validated and canonically encoded, waiting for its revision, position and chain link. */
export interface PreparedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly meta: string;
}

/** An append that passed every input check; only the stream's state can still refuse it. */
export interface PreparedAppend {
  readonly stream: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly PreparedEvent[];
}

/**
 * Validates and encodes an append at call time, before it joins a commit batch, so that bad input never
 * reaches storage. Throws INVALID_STREAM_NAME, INVALID_EVENT, NON_JSON_VALUE, EVENT_TOO_LARGE or APPEND_TOO_LARGE.
 */
export function prepareAppend(
  stream: string,
  events: readonly NewEvent[],
  expected: ExpectedRevision,
  limits: LedgerLimits,
): PreparedAppend {
  assertStreamName(stream);
  assertExpectedRevision(expected);
  if (!Array.isArray(events) || events.length === 0) {
    throw new LedgerError('INVALID_EVENT', 'an append needs at least one event', {
      field: 'events',
      reason: 'empty',
    });
  }
  if (events.length > limits.maxEventsPerAppend) {
    throw new LedgerError(
      'APPEND_TOO_LARGE',
      `append of ${events.length} events exceeds ${limits.maxEventsPerAppend}`,
      {
        limit: limits.maxEventsPerAppend,
        actual: events.length,
        unit: 'events',
      },
    );
  }
  const prepared: PreparedEvent[] = [];
  const ids = new Set<string>();
  let totalBytes = 0;
  const metaCache: MetaCache = { object: undefined, json: '' };
  events.forEach((event: NewEvent, index) => {
    const encoded = prepareEvent(event, index, limits, metaCache);
    if (ids.has(encoded.id)) {
      throw new LedgerError('INVALID_EVENT', `event ${index}: id ${encoded.id} repeats in one append`, {
        index,
        field: 'id',
        reason: 'duplicate in append',
      });
    }
    ids.add(encoded.id);
    // UTF-16 length × 3 bounds the UTF-8 size: exact counting is needed only near the limit (checked below).
    totalBytes += (encoded.data.length + encoded.meta.length) * 3;
    prepared.push(encoded);
  });
  if (totalBytes > limits.maxAppendBytes) totalBytes = exactBytes(prepared);
  if (totalBytes > limits.maxAppendBytes) {
    throw new LedgerError(
      'APPEND_TOO_LARGE',
      `append of ${totalBytes} bytes exceeds ${limits.maxAppendBytes}`,
      {
        limit: limits.maxAppendBytes,
        actual: totalBytes,
        unit: 'bytes',
      },
    );
  }
  return { stream, expected, events: prepared };
}

/**
 * Events of one append often share one meta object. Within this synchronous call nobody can mutate it, so it is
 * validated and encoded once; nothing is cached across calls.
 */
interface MetaCache {
  object: object | undefined;
  json: string;
}

function prepareEvent(
  event: NewEvent,
  index: number,
  limits: LedgerLimits,
  metaCache: MetaCache,
): PreparedEvent {
  const newMeta = metaCache.object !== event.meta;
  assertValidNewEvent(event, index, newMeta);
  const data = canonicalJson(event.data, `events[${index}].data`);
  if (newMeta) {
    metaCache.json = canonicalJson(event.meta, `events[${index}].meta`);
    metaCache.object = event.meta;
  }
  const meta = metaCache.json;
  // Cheap upper bound first (UTF-8 needs at most 3 bytes per UTF-16 unit), exact count only when near.
  if ((data.length + meta.length) * 3 > limits.maxEventBytes) {
    const bytes = Buffer.byteLength(data) + Buffer.byteLength(meta);
    if (bytes > limits.maxEventBytes) {
      throw new LedgerError(
        'EVENT_TOO_LARGE',
        `event ${event.id} is ${bytes} bytes, limit ${limits.maxEventBytes}`,
        {
          index,
          eventId: event.id,
          limit: limits.maxEventBytes,
          actual: bytes,
        },
      );
    }
  }
  return { id: event.id, type: event.type, schemaVersion: event.schemaVersion, data, meta };
}

function assertExpectedRevision(expected: ExpectedRevision): void {
  if (expected === 'no_stream' || expected === 'exists' || expected === 'any') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 0) return;
  throw new LedgerError('INVALID_EVENT', `invalid expected revision ${String(expected)}`, {
    field: 'expected',
    reason: "must be 'no_stream', 'exists', 'any' or a revision >= 0",
  });
}

function exactBytes(events: readonly PreparedEvent[]): number {
  return events.reduce(
    (sum, event) => sum + Buffer.byteLength(event.data) + Buffer.byteLength(event.meta),
    0,
  );
}
