import type { EventLog } from '../../domain/index.js';
import { checkpointsNewestFirst } from '../checkpoints/checkpointHistory.js';
import type { SignedCheckpoint } from '../checkpoints/storedCheckpoint.js';
import { BundleError } from './bundleErrors.js';

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
  for await (const signed of checkpointsNewestFirst(log)) {
    const size = signed.checkpoint.treeSize;
    if (treeSize !== undefined && size !== treeSize) continue;
    if (size <= lastPosition)
      throw new BundleError(
        'BUNDLE_NOT_CHECKPOINTED',
        `the event at position ${lastPosition} is newer than the checkpoint of tree size ${size}: wait for the next checkpoint, or run mir checkpoint --now`,
        { position: lastPosition, treeSize: size },
      );
    return signed;
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
