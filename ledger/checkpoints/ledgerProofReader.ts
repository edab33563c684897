import type { EventLog } from '../../domain/index.js';
import { MerkleTreeReader } from '../merkle/index.js';
import type { MerkleNodeStore } from '../merkle/index.js';
import { eventLogLeafSource } from './eventLogLeafSource.js';
import { readLatestCheckpoint } from './storedCheckpoint.js';
import type { SignedCheckpoint } from './storedCheckpoint.js';

/** The latest signed checkpoint and inclusion proofs of a ledger, read without a signer or checkpointer. */
export interface LedgerProofReader {
  /** The last checkpoint of the `checkpoints` stream, or null while there is none. STORAGE_CORRUPT if unreadable. */
  latestCheckpoint(): Promise<SignedCheckpoint | null>;
  /** The RFC 9162 inclusion proof of leaf `position` in the tree of `treeSize` events (position < treeSize). */
  inclusionProof(position: number, treeSize: number): Promise<Buffer[]>;
  /** The Merkle tree over the log (reads only; missing nodes recomputed). */
  readonly tree: MerkleTreeReader;
}

/**
 * For offline tools (`mir explain`) on a data directory no server holds: the same checkpoint reading and tree
 * reader the running ledger uses. Reads only: `nodes` (the ledger file's Merkle node cache, or an empty store) is
 * never written, missing nodes are recomputed from the log's event hashes.
 */
export function ledgerProofReader(log: EventLog, nodes: MerkleNodeStore): LedgerProofReader {
  const reader = new MerkleTreeReader(eventLogLeafSource(log), nodes);
  return {
    latestCheckpoint: async () => (await readLatestCheckpoint(log))?.signed ?? null,
    inclusionProof: (position, treeSize) => reader.inclusionProof(position, treeSize),
    tree: reader,
  };
}
