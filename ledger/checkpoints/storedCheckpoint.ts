import { LedgerError } from '../../domain/index.js';
import type { EventLog, RecordedEvent } from '../../domain/index.js';
import { CHECKPOINTS_STREAM } from '../ledgerStreams.js';
import type { CheckpointSignedData } from '../ledgerStreams.js';
import type { Checkpoint } from './note/index.js';
import { readCheckpointData } from './checkpointData.js';
import type { CheckpointDataProblem } from './checkpointData.js';

/** A checkpoint as stored in the `checkpoints` stream. */
export interface SignedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: string;
}

export function signedCheckpointOf(data: CheckpointSignedData): SignedCheckpoint {
  return {
    checkpoint: {
      origin: data.origin,
      treeSize: data.treeSize,
      rootHash: Buffer.from(data.rootHash, 'hex'),
      timestamp: data.timestamp,
    },
    note: data.note,
  };
}

/**
 * The last event of the checkpoints stream and its revision, read without trusting its data; undefined when the
 * stream is empty. @throws LedgerError `STORAGE_CORRUPT` (see unreadableCheckpoint) when its data is unusable.
 */
export async function readLatestCheckpoint(
  log: EventLog,
): Promise<{ revision: number; signed: SignedCheckpoint } | undefined> {
  const [latest]: RecordedEvent[] = await log.readStream(CHECKPOINTS_STREAM, {
    direction: 'backwards',
    maxCount: 1,
  });
  if (latest === undefined) return undefined;
  const reading = readCheckpointData(latest.data);
  if (reading.problem !== undefined) throw unreadableCheckpoint(latest.revision, reading.problem);
  return { revision: latest.revision, signed: signedCheckpointOf(reading.data) };
}

/** STORAGE_CORRUPT for a stored checkpoint whose data cannot be used (details: stream, revision, field, reason). */
export function unreadableCheckpoint(revision: number, problem: CheckpointDataProblem): LedgerError {
  return new LedgerError(
    'STORAGE_CORRUPT',
    `stored checkpoint at revision ${revision} is unreadable (${problem.field} ${problem.reason}): run mir verify`,
    { stream: CHECKPOINTS_STREAM, revision, ...problem },
  );
}
