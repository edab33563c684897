import { LedgerError } from '../../domain/index.js';
import type { EncodedEvent, JsonValue } from '../../domain/index.js';
import { readCheckpointDataText } from '../checkpoints/checkpointData.js';
import { CHECKPOINTS_STREAM } from '../ledgerStreams.js';
import type { CheckpointSignedData } from '../ledgerStreams.js';
import { isMerkleProofError, verifyConsistency } from '../merkle/index.js';
import type { PreparedAppend } from './preparedAppend.js';

/** The checkpoint an append must extend: the data of the stream's last event, and where it is. */
interface Predecessor {
  readonly data: CheckpointSignedData;
  readonly revision: number;
}

/**
 * The checkpoint stream's invariant, part of the EventLog port's contract for every adapter: a checkpoint never
 * shrinks and never forks. An adapter calls this inside the transaction (or before a conditional append on the
 * stream's expected revision, where the store has no transactions) after the expected-revision check passed,
 * with `last` giving the stream's last stored event as seen by that same transaction. Appends to other streams
 * pass untouched, without `last` being called.
 *
 * Each appended event, in order, must be a `CheckpointSigned` whose data reads as checkpoint data (else
 * INVALID_EVENT naming index, field and reason), whose tree does not cover itself or later events
 * (treeSize <= its position), and which extends the checkpoint before it: tree size not smaller, and its
 * `consistencyProof` proving the previous root is a prefix of its root (RFC 9162). Otherwise
 * CHECKPOINT_NOT_EXTENDING, with the previous and new tree sizes and the reason. Nothing is written then.
 */
export function checkCheckpointAppend(
  prepared: PreparedAppend,
  firstPosition: number,
  last: () => EncodedEvent | undefined,
): void {
  if (prepared.stream !== CHECKPOINTS_STREAM) return;
  const stored = last();
  let previous = stored === undefined ? undefined : predecessorOf(stored);
  let revision = stored === undefined ? -1 : stored.revision;
  prepared.events.forEach((event, index) => {
    revision++;
    const data = checkpointDataOf(event.type, event.data, index);
    const position = firstPosition + index;
    if (data.treeSize > position) {
      throw notExtending('checkpoint covers events that are not in the log before it', previous, data, {
        position,
      });
    }
    if (previous !== undefined) checkExtends(previous, data);
    previous = { data, revision };
  });
}

function predecessorOf(stored: EncodedEvent): Predecessor {
  const reading = readCheckpointDataText(stored.data);
  if (reading.problem !== undefined) {
    throw new LedgerError(
      'CHECKPOINT_NOT_EXTENDING',
      `the last stored checkpoint (revision ${stored.revision}) is unreadable (${reading.problem.field}: ${reading.problem.reason}); run mir verify`,
      {
        stream: CHECKPOINTS_STREAM,
        previousRevision: stored.revision,
        reason: 'previous checkpoint unreadable',
      },
    );
  }
  return { data: reading.data, revision: stored.revision };
}

function checkpointDataOf(type: string, text: string, index: number): CheckpointSignedData {
  const reading = type === 'CheckpointSigned' ? readCheckpointDataText(text) : undefined;
  if (reading?.data !== undefined) return reading.data;
  const { field, reason } = reading?.problem ?? { field: 'type', reason: 'must be CheckpointSigned' };
  throw new LedgerError('INVALID_EVENT', `event ${index}: checkpoint ${field} ${reason}`, {
    index,
    field,
    reason,
  });
}

function checkExtends(previous: Predecessor, data: CheckpointSignedData): void {
  if (data.treeSize < previous.data.treeSize) {
    throw notExtending('checkpoint tree is smaller than the last checkpoint', previous, data);
  }
  const proof = (data.consistencyProof ?? []).map((hex) => Buffer.from(hex, 'hex'));
  try {
    verifyConsistency(
      previous.data.treeSize,
      data.treeSize,
      proof,
      Buffer.from(previous.data.rootHash, 'hex'),
      Buffer.from(data.rootHash, 'hex'),
    );
  } catch (error) {
    if (!isMerkleProofError(error)) throw error;
    throw notExtending('checkpoint is not consistent with the last checkpoint', previous, data, {
      proofError: error.code,
    });
  }
}

function notExtending(
  reason: string,
  previous: Predecessor | undefined,
  data: CheckpointSignedData,
  extra: Readonly<Record<string, JsonValue>> = {},
): LedgerError {
  return new LedgerError('CHECKPOINT_NOT_EXTENDING', `${reason} (tree size ${data.treeSize})`, {
    stream: CHECKPOINTS_STREAM,
    reason,
    previousRevision: previous?.revision ?? null,
    previousTreeSize: previous?.data.treeSize ?? null,
    previousRootHash: previous?.data.rootHash ?? null,
    treeSize: data.treeSize,
    rootHash: data.rootHash,
    ...extra,
  });
}
