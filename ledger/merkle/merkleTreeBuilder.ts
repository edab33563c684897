import { checkHash } from '../portable/merkle/argumentChecks.js';
import { CompactRange } from './compactRange.js';
import { TILE_HEIGHT, type StoredNode } from './merkleNodeStore.js';
import { hashLeaf } from './treeHashing.js';

/**
 * Grows the ledger's tree one event at a time and collects the perfect subtrees worth persisting (level
 * >= TILE_HEIGHT) until a checkpointer drains them into a MerkleNodeStore. Holds no I/O itself.
 */
export class MerkleTreeBuilder {
  readonly #range: CompactRange;
  #completed: StoredNode[] = [];

  /**
   * Starts empty, or resumes from `start` (e.g. MerkleTreeReader.compactRangeAt(size) after a restart);
   * `start` is copied, not shared. Nodes completed before the resume point are not reported again.
   */
  constructor(start?: CompactRange) {
    const collect = (level: number, index: number, hash: Buffer): void => {
      if (level >= TILE_HEIGHT) this.#completed.push({ level, index, hash: Buffer.from(hash) });
    };
    this.#range = CompactRange.fromNodes(start?.size ?? 0, start?.nodes() ?? [], collect);
  }

  /** Number of events appended, including those before the resume point. */
  get size(): number {
    return this.#range.size;
  }

  /**
   * Appends the leaf for the 32-byte `eventHash` at position `size`.
   * Throws MerkleArgumentError MERKLE_INVALID_HASH_LENGTH unless it is 32 bytes.
   */
  append(eventHash: Uint8Array): void {
    checkHash('eventHash', eventHash);
    this.#range.append(hashLeaf(eventHash));
  }

  /** The RFC 6962 root of everything appended so far (a fresh Buffer). */
  root(): Buffer {
    return this.#range.root();
  }

  /** A copy of the current compact range, e.g. to compare with a reader's after a restart. */
  compactRange(): CompactRange {
    return CompactRange.fromNodes(this.#range.size, this.#range.nodes());
  }

  /**
   * Perfect subtrees at level >= TILE_HEIGHT completed since the previous drain, in completion order
   * (bottom-up, left to right). Each is returned once; the hashes are the caller's to keep.
   */
  drainCompletedNodes(): StoredNode[] {
    const drained = this.#completed;
    this.#completed = [];
    return drained;
  }
}
