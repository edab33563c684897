import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  TimeoutError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { LedgerError, wrongExpectedRevision } from '../../domain/index.js';
import type { ExpectedRevision, LedgerErrorCode } from '../../domain/index.js';
import { revisionFromEventStore } from './eventStoreRevision.js';

/** The append a client error interrupted, so that a revision conflict reports the caller's own terms. */
export interface AppendContext {
  readonly stream: string;
  readonly expected: ExpectedRevision;
}

/**
 * Maps an EventStoreDB client failure to the port's error:
 * - a wrong expected version (during `append`) → WRONG_EXPECTED_REVISION with the caller's stream and expected
 *   revision and the server's actual one (null: no stream);
 * - the server's append size limit → APPEND_TOO_LARGE (limit in bytes);
 * - not the leader, a deadline or timeout, a cancelled call → STORAGE_BUSY (retry: the client reconnects);
 * - access denied → STORAGE_READONLY (these credentials may not write the namespace);
 * - a deleted stream → STORAGE_CORRUPT (MIR never deletes: events the ledger acknowledged are gone);
 * - unavailable and anything else → STORAGE_IO.
 * A storage code means the append may or may not have been written (the answer was lost): retrying it with the
 * same event ids is safe, since stored ids are answered as duplicates.
 */
export function toLedgerError(error: unknown, append?: AppendContext): LedgerError {
  if (error instanceof LedgerError) return error;
  if (error instanceof WrongExpectedVersionError && append !== undefined) {
    return wrongExpectedRevision(append.stream, append.expected, revisionFromEventStore(error.actualVersion));
  }
  if (error instanceof MaxAppendSizeExceededError) {
    return new LedgerError(
      'APPEND_TOO_LARGE',
      `append exceeds the server's limit of ${error.maxAppendSize} bytes`,
      { limit: error.maxAppendSize, unit: 'bytes' },
      error,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  const type = (error as { type?: unknown } | null)?.type;
  return new LedgerError(
    storageCodeOf(error),
    `storage: EventStoreDB: ${message}`,
    { eventStoreError: typeof type === 'string' ? type : 'unknown' },
    error,
  );
}

function storageCodeOf(error: unknown): LedgerErrorCode {
  if (
    error instanceof NotLeaderError ||
    error instanceof DeadlineExceededError ||
    error instanceof TimeoutError ||
    error instanceof CancelledError
  )
    return 'STORAGE_BUSY';
  if (error instanceof AccessDeniedError) return 'STORAGE_READONLY';
  if (error instanceof StreamDeletedError) return 'STORAGE_CORRUPT';
  return 'STORAGE_IO';
}
