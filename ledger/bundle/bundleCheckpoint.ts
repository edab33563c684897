import type { EventLog } from '../../domain/index.js';
import { readCheckpointData } from '../checkpoints/checkpointData.js';
import { signedCheckpointOf, unreadableCheckpoint } from '../checkpoints/storedCheckpoint.js';
import type { SignedCheckpoint } from '../checkpoints/storedCheckpoint.js';
import { CHECKPOINTS_STREAM } from '../ledgerStreams.js';
import { BundleError } from './bundleErrors.js';

const PAGE = 1000;

/**
 * The checkpoint a bundle is proven against: the one of tree size `treeSize` when asked for, else the latest.
 * Either way it must cover `lastPosition` (BUNDLE_NOT_CHECKPOINTED otherwise: wait for the next checkpoint);
 * a size no checkpoint has is BUNDLE_CHECKPOINT_NOT_FOUND. Reads the checkpoints stream newest first.
 */
export async function bundleCheckpoint(
  log: EventLog,
  lastPosition: number,
  treeSize?: number,
): Promise<SignedCheckpoint> {
  for (let before: number | undefined; ;) {
    const page = await log.readStream(CHECKPOINTS_STREAM, {
      direction: 'backwards',
      maxCount: PAGE,
      ...(before === undefined ? {} : { fromRevision: before }),
    });
    for (const event of page) {
      const reading = readCheckpointData(event.data);
      if (reading.problem !== undefined) throw unreadableCheckpoint(event.revision, reading.problem);
      if (treeSize !== undefined && reading.data.treeSize !== treeSize) continue;
      if (reading.data.treeSize <= lastPosition)
        throw new BundleError(
          'BUNDLE_NOT_CHECKPOINTED',
          `the event at position ${lastPosition} is newer than the checkpoint of tree size ${reading.data.treeSize}: wait for the next checkpoint, or run mir checkpoint --now`,
          { position: lastPosition, treeSize: reading.data.treeSize },
        );
      return signedCheckpointOf(reading.data);
    }
    const oldest = page.at(-1);
    if (page.length < PAGE || oldest === undefined || oldest.revision === 0) break;
    before = oldest.revision - 1;
  }
  if (treeSize === undefined)
    throw new BundleError('BUNDLE_NOT_CHECKPOINTED', 'the ledger has no signed checkpoint yet', {
      position: lastPosition,
      treeSize: 0,
    });
  throw new BundleError('BUNDLE_CHECKPOINT_NOT_FOUND', `no signed checkpoint has tree size ${treeSize}`, {
    treeSize,
  });
}
