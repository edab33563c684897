import { isLedgerError, isStorageError } from '../../domain/index.js';
import type { AppendResult, EncodedEvent } from '../../domain/index.js';
import { checkCheckpointAppend } from './checkpointAppendRule.js';
import type { PreparedAppend } from './preparedAppend.js';
import { appendResultOf, checkExpectedRevision, resolveRetry, sealAppend } from './sealAppend.js';
import type { StreamHead } from './sealAppend.js';

/** What the store holds that one append is judged against, as its own transaction sees it. */
export interface AppendView {
  /** The stored (or earlier in the same commit) event with the id of each prepared event, if any. */
  readonly existing: readonly (EncodedEvent | undefined)[];
  readonly head: StreamHead | null;
  /** The stream's last event (only asked for the checkpoint stream). */
  readonly last: () => EncodedEvent | undefined;
}

/** An append's fate: written (`sealed` holds what to store), answered from an earlier write, or refused. */
export type AppendDecision =
  { readonly result: AppendResult; readonly sealed?: EncodedEvent[] } | { readonly error: unknown };

/**
 * The port's rules for one append at `position`, in order: a retry of stored ids is answered with the original
 * result (IDEMPOTENCY_CONFLICT when they disagree), then the expected revision, then the checkpoint stream's
 * invariant; otherwise the events are sealed (revisions, positions, chain). Refusals come back as decisions so
 * that one bad append in a commit batch refuses that append alone; anything else (a bug, a storage fault) throws.
 */
export function decideAppend(prepared: PreparedAppend, position: number, view: AppendView): AppendDecision {
  try {
    const retry = resolveRetry(prepared, view.existing);
    if (retry !== null) return { result: retry };
    checkExpectedRevision(prepared.stream, prepared.expected, view.head);
    checkCheckpointAppend(prepared, position, view.last);
    const sealed = sealAppend(prepared, view.head, position);
    return { result: appendResultOf(prepared.stream, sealed, false), sealed };
  } catch (error) {
    if (isLedgerError(error) && !isStorageError(error)) return { error };
    throw error;
  }
}
