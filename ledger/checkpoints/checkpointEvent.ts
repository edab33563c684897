import type { NewEvent } from '../../domain/index.js';
import type { Ed25519Signer } from '../keys/index.js';
import { systemEvent } from '../ledgerStreams.js';
import type { CheckpointSignedData } from '../ledgerStreams.js';
import { signCheckpoint } from './note/index.js';
import type { Checkpoint } from './note/index.js';

/** What a checkpoint event needs besides the tree head: who signs, under which key name, and the event id. */
export interface CheckpointSigning {
  readonly signer: Ed25519Signer;
  readonly keyName: string;
  readonly id: string;
}

/**
 * Signs `checkpoint` and wraps it as the `CheckpointSigned` event of the checkpoints stream, carrying the
 * consistency proof from the previous checkpoint's tree (omitted for the stream's first checkpoint).
 */
export function checkpointEvent(
  checkpoint: Checkpoint,
  consistencyProof: readonly Buffer[] | undefined,
  { signer, keyName, id }: CheckpointSigning,
): { event: NewEvent; note: string } {
  const note = signCheckpoint(checkpoint, keyName, signer);
  const data: CheckpointSignedData = {
    origin: checkpoint.origin,
    treeSize: checkpoint.treeSize,
    rootHash: checkpoint.rootHash.toString('hex'),
    timestamp: checkpoint.timestamp,
    note,
    ...(consistencyProof === undefined
      ? {}
      : { consistencyProof: consistencyProof.map((node) => node.toString('hex')) }),
  };
  return {
    event: systemEvent('CheckpointSigned', { ...data }, 'checkpointer', checkpoint.timestamp, id),
    note,
  };
}
