import { NO_STREAM } from '@eventstore/db-client';
import type { AppendExpectedRevision, CurrentRevision } from '@eventstore/db-client';
import type { ExpectedRevision } from '../../domain/index.js';
import type { StreamHead } from '../append/sealAppend.js';

/**
 * The ESDB expected revision of an append that chains onto `head`, the stream's last event as read just before.
 *
 * Every append is conditional on the exact head it read — `NO_STREAM` for an empty stream, else `BigInt(revision)`
 * — whatever the caller expected: the new events' hashes chain onto that head, so a concurrent writer must make
 * ESDB refuse the append rather than fork the chain. The caller's `'no_stream'` and `n` are checked against the
 * head first and then map to exactly `NO_STREAM` and `BigInt(n)`; `'exists'` and `'any'` are satisfied by the head
 * and become that head's revision (ESDB's `STREAM_EXISTS` and `ANY` would let a concurrent append slip between).
 */
export function eventStoreExpectedRevision(head: StreamHead | null): AppendExpectedRevision {
  return head === null ? NO_STREAM : BigInt(head.revision);
}

/**
 * Whether a conflict on the ESDB revision may be retried on a fresh read of the head: only when the caller's own
 * expectation can still hold after another writer appended (`'any'`, `'exists'`). A number or `'no_stream'` that
 * lost the race is the caller's conflict, reported as WRONG_EXPECTED_REVISION.
 */
export function retriesOnConflict(expected: ExpectedRevision): boolean {
  return expected === 'any' || expected === 'exists';
}

/** The MIR revision of ESDB's current revision: null for a stream that does not exist. */
export function revisionFromEventStore(current: CurrentRevision): number | null {
  return current === NO_STREAM ? null : Number(current);
}
