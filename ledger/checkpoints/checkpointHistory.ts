import type { EventLog } from '../../domain/index.js';
import { CHECKPOINTS_STREAM } from '../ledgerStreams.js';
import { readCheckpointData } from './checkpointData.js';
import { signedCheckpointOf, unreadableCheckpoint } from './storedCheckpoint.js';
import type { SignedCheckpoint } from './storedCheckpoint.js';

const PAGE = 1000;

/**
 * The signed checkpoints of the `checkpoints` stream, newest first, read a page at a time as the caller consumes
 * them. @throws LedgerError `STORAGE_CORRUPT` (`unreadableCheckpoint`) on a stored checkpoint whose data is unusable.
 */
export async function* checkpointsNewestFirst(log: EventLog): AsyncGenerator<SignedCheckpoint> {
  for (let before: number | undefined; ;) {
    const page = await log.readStream(CHECKPOINTS_STREAM, {
      direction: 'backwards',
      maxCount: PAGE,
      ...(before === undefined ? {} : { fromRevision: before }),
    });
    for (const event of page) {
      const reading = readCheckpointData(event.data);
      if (reading.problem !== undefined) throw unreadableCheckpoint(event.revision, reading.problem);
      yield signedCheckpointOf(reading.data);
    }
    const oldest = page.at(-1);
    if (page.length < PAGE || oldest === undefined || oldest.revision === 0) return;
    before = oldest.revision - 1;
  }
}

/**
 * Up to `first` signed checkpoints, newest first, of tree size below `beforeTreeSize` when given (the previous
 * page's last tree size: checkpoint tree sizes only grow along the stream). Precondition: `first` ≥ 0.
 */
export async function checkpointsBefore(
  log: EventLog,
  first: number,
  beforeTreeSize?: number,
): Promise<SignedCheckpoint[]> {
  const found: SignedCheckpoint[] = [];
  if (first <= 0) return found;
  for await (const signed of checkpointsNewestFirst(log)) {
    if (beforeTreeSize !== undefined && signed.checkpoint.treeSize >= beforeTreeSize) continue;
    found.push(signed);
    if (found.length >= first) break;
  }
  return found;
}
