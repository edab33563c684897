import { LedgerError, wrongExpectedRevision } from '../../domain/index.js';
import type { AppendResult, EncodedEvent, ExpectedRevision } from '../../domain/index.js';
import { computeEventHash, GENESIS_HASH } from '../encoding/eventHash.js';
import type { PreparedAppend } from './preparedAppend.js';

/** The last event of a stream: what the next append chains onto. */
export interface StreamHead {
  readonly revision: number;
  readonly hash: string;
}

/**
 * Decides what re-sent ids mean. `existing[i]` is the stored event with the id of `prepared.events[i]`, if any.
 * - none stored: a fresh append (returns null);
 * - all stored, in this stream, at consecutive revisions, with the same type, schema version and data: a retry,
 *   answered with the original result (meta may differ: a retry carries a new timestamp);
 * - anything else: IDEMPOTENCY_CONFLICT, naming the first id that disagrees.
 */
export function resolveRetry(
  prepared: PreparedAppend,
  existing: readonly (EncodedEvent | undefined)[],
): AppendResult | null {
  if (existing.every((stored) => stored === undefined)) return null;
  const first = existing[0];
  for (let i = 0; i < prepared.events.length; i++) {
    const stored = existing[i];
    const event = prepared.events[i]!;
    const reason =
      stored === undefined
        ? 'part of the append is already stored, part is not'
        : stored.stream !== prepared.stream
          ? `id already stored in stream ${stored.stream}`
          : first === undefined || stored.revision !== first.revision + i
            ? 'stored ids are not the same consecutive append'
            : stored.type !== event.type ||
                stored.schemaVersion !== event.schemaVersion ||
                stored.data !== event.data
              ? 'id already stored with a different payload'
              : null;
    if (reason !== null) {
      throw new LedgerError('IDEMPOTENCY_CONFLICT', `event ${event.id}: ${reason}`, {
        eventId: event.id,
        stream: prepared.stream,
        reason,
      });
    }
  }
  return appendResultOf(prepared.stream, existing as EncodedEvent[], true);
}

/** Throws WRONG_EXPECTED_REVISION (with expected and actual) unless `head` satisfies `expected`. */
export function checkExpectedRevision(
  stream: string,
  expected: ExpectedRevision,
  head: StreamHead | null,
): void {
  const actual = head === null ? null : head.revision;
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === null) ||
    (expected === 'exists' && actual !== null) ||
    (typeof expected === 'number' && expected === actual);
  if (!ok) throw wrongExpectedRevision(stream, expected, actual);
}

/** Gives each prepared event its revision, position and chain link, and computes its hash. */
export function sealAppend(
  prepared: PreparedAppend,
  head: StreamHead | null,
  firstPosition: number,
): EncodedEvent[] {
  let prevHash = head === null ? GENESIS_HASH : head.hash;
  let revision = head === null ? 0 : head.revision + 1;
  let position = firstPosition;
  const sealed: EncodedEvent[] = [];
  for (const event of prepared.events) {
    const encoded = {
      position,
      stream: prepared.stream,
      revision,
      id: event.id,
      type: event.type,
      schemaVersion: event.schemaVersion,
      data: event.data,
      meta: event.meta,
      prevHash,
      hash: '',
    };
    const hash = computeEventHash(encoded);
    encoded.hash = hash;
    sealed.push(encoded);
    prevHash = hash;
    revision++;
    position++;
  }
  return sealed;
}

export function appendResultOf(
  stream: string,
  sealed: readonly EncodedEvent[],
  deduplicated: boolean,
): AppendResult {
  const last = sealed[sealed.length - 1]!;
  return {
    stream,
    nextExpectedRevision: last.revision,
    lastPosition: last.position,
    events: sealed.map(({ id, revision, position, hash }) => ({ id, revision, position, hash })),
    deduplicated,
  };
}
