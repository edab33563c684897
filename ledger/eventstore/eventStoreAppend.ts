import { WrongExpectedVersionError } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { LedgerError } from '../../domain/index.js';
import type { AppendResult, EncodedEvent } from '../../domain/index.js';
import { decideAppend } from '../append/decideAppend.js';
import type { PreparedAppend } from '../append/preparedAppend.js';
import { resolveRetry } from '../append/sealAppend.js';
import { toEventStoreEvent } from './eventStoreEnvelope.js';
import { toLedgerError } from './eventStoreErrors.js';
import { eventStoreExpectedRevision, retriesOnConflict } from './eventStoreRevision.js';
import type { NamespaceFollower } from './namespaceFollower.js';
import { eventStoreStreamName } from './streamNamespace.js';

/** How often an `'any'` or `'exists'` append re-reads the head after losing a race to another node. */
const MAX_ATTEMPTS = 25;

/** What an append needs of the adapter around it. */
export interface AppendTarget {
  readonly client: EventStoreDBClient;
  readonly prefix: string;
  readonly follower: NamespaceFollower;
  /** Stored encodings of the events with these ids as the index knows them (undefined: none). */
  storedByIds(ids: readonly string[]): Promise<(EncodedEvent | undefined)[]>;
  /** The ESDB stream's last stored event, or undefined while it has none. */
  lastOf(eventStoreStream: string): Promise<EncodedEvent | undefined>;
}

/**
 * Appends one prepared append to EventStoreDB. The caller holds the in-process lock on its stream and ids.
 *
 * 1. catch the leaf index up to the server; look up the ids and read the stream's head;
 * 2. judge the append by the port's rules (`decideAppend`): re-sent ids answered, expected revision, and for the
 *    checkpoint stream that the new checkpoint extends the head's (the store has no transactions: the append
 *    below is conditional on that head);
 * 3. seal (revisions and hashes chained on that head) and append conditionally on exactly that head revision;
 *    another writer in between makes ESDB refuse it: `'any'`/`'exists'` go back to 1, others are refused;
 * 4. catch the index up past the commit and answer with the events as stored, at their leaves.
 */
export async function appendToEventStore(
  target: AppendTarget,
  prepared: PreparedAppend,
): Promise<AppendResult> {
  const { stream, expected } = prepared;
  const ids = prepared.events.map((event) => event.id);
  const eventStoreStream = eventStoreStreamName(target.prefix, stream);
  for (let attempt = 1; ; attempt++) {
    await target.follower.catchUp();
    const existing = await target.storedByIds(ids);
    const last = await target.lastOf(eventStoreStream);
    const head = last === undefined ? null : { revision: last.revision, hash: last.hash };
    // Leaves are only ever added, so the index length bounds the first new leaf from below (and the checkpoint
    // rule's "no checkpoint covers events after it" holds a fortiori at the real leaf).
    const decision = decideAppend(prepared, target.follower.index.length, {
      existing,
      head,
      last: () => last,
    });
    if ('error' in decision) throw decision.error;
    const sealed = decision.sealed;
    if (sealed === undefined) return decision.result;
    try {
      await target.client.appendToStream(eventStoreStream, sealed.map(toEventStoreEvent), {
        expectedRevision: eventStoreExpectedRevision(head),
      });
    } catch (error) {
      const conflict = error instanceof WrongExpectedVersionError;
      if (conflict && retriesOnConflict(expected) && attempt < MAX_ATTEMPTS) continue;
      if (conflict && retriesOnConflict(expected)) throw contended(stream, attempt, error);
      throw toLedgerError(error, { stream, expected });
    }
    return committed(target, prepared, sealed);
  }
}

/**
 * The outcome once the index saw the commit. ESDB itself answers a same-id append at the same expected revision as
 * a duplicate without writing: when another node wrote these ids first, the stored events are not the ones sealed
 * here, and the answer is the retry's (or IDEMPOTENCY_CONFLICT when they differ in content).
 */
async function committed(
  target: AppendTarget,
  prepared: PreparedAppend,
  sealed: readonly EncodedEvent[],
): Promise<AppendResult> {
  const ids = sealed.map((event) => event.id);
  const index = target.follower.index;
  await target.follower.until(() => (ids.every((id) => index.leafOfId(id) !== undefined) ? true : undefined));
  const stored = await target.storedByIds(ids);
  if (stored.includes(undefined)) {
    throw new LedgerError(
      'STORAGE_IO',
      `storage: EventStoreDB acknowledged the append to ${prepared.stream} but $all does not show it`,
      { stream: prepared.stream, eventStoreError: 'append-not-in-all' },
    );
  }
  const outcome = resolveRetry(prepared, stored)!;
  const ours = stored.every((event, i) => event?.hash === sealed[i]!.hash);
  return ours ? { ...outcome, deduplicated: false } : outcome;
}

function contended(stream: string, attempts: number, cause: unknown): LedgerError {
  return new LedgerError(
    'STORAGE_BUSY',
    `storage: stream ${stream} kept moving under ${attempts} attempts to append to its head`,
    { stream, attempts, eventStoreError: 'wrong-expected-version' },
    cause,
  );
}
