/**
 * Storage port for the hashes of perfect subtrees (see NodeId). Only nodes at level >= TILE_HEIGHT are
 * persisted: about two rows per 2^TILE_HEIGHT events in all, while anything lower is recomputed from at
 * most 2^TILE_HEIGHT - 1 leaves. Nodes of an append-only tree never change once complete.
 */

/** Lowest level whose nodes are persisted; nodes below are recomputed from leaves. */
export const TILE_HEIGHT = 8;

/** A complete perfect subtree's hash: covers leaves [index * 2^level, (index + 1) * 2^level). */
export interface StoredNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Buffer;
}

/**
 * Contract (every adapter's spec runs describeMerkleNodeStoreContract from ./testing/index.js):
 * - get resolves the 32-byte hash stored for (level, index), or undefined when none is stored. The
 *   Buffer returned is the caller's to keep.
 * - putMany stores every node of the batch, or none of them: re-putting a node with the same hash is a
 *   no-op; a node whose hash differs from the stored one rejects the whole batch with MerkleDataError
 *   MERKLE_NODE_CONFLICT (details: level, index, storedHash, newHash in hex), and a hash that is not
 *   32 bytes rejects it with MerkleArgumentError MERKLE_INVALID_HASH_LENGTH. An empty batch is a no-op.
 *   The store copies what it keeps: callers may reuse the Buffers they passed.
 * - Levels and indexes are non-negative safe integers (index up to 2^53 / 2^level).
 * - clear removes every stored node at once: the cache is derived data, dropped and refilled from the events when
 *   it disagrees with a signed root (see ledger/checkpoints/nodeCache.ts).
 */
export interface MerkleNodeStore {
  get(level: number, index: number): Promise<Buffer | undefined>;
  putMany(nodes: readonly StoredNode[]): Promise<void>;
  clear(): Promise<void>;
}
