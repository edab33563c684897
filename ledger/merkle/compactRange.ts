import { checkCount, checkHash } from '../portable/merkle/argumentChecks.js';
import { MerkleArgumentError } from '../portable/merkle/merkleErrors.js';
import { popCount } from '../portable/merkle/bits.js';
import { EMPTY_ROOT, HASH_SIZE, hashChildren } from './treeHashing.js';

/**
 * Called once for every perfect subtree an append completes, bottom-up: first the appended leaf itself
 * (level 0), then each node its arrival completes. `hash` is shared with the range: treat it as
 * read-only (copy it if it must be mutated).
 */
export type OnNode = (level: number, index: number, hash: Buffer) => void;

/**
 * The compact range of leaves [0, size): the hashes of the perfect subtrees covering it, one per set bit
 * of `size`, largest (leftmost) first. Holding only these O(log size) hashes is enough to keep appending
 * and to compute the RFC 6962 root at any time.
 *
 * append() is amortised O(1): one merge on average, no allocation besides the new hashes.
 */
export class CompactRange {
  readonly #hashes: Buffer[];
  #count: number;
  #size: number;
  readonly #onNode: OnNode | undefined;

  /** An empty range; `onNode`, if given, sees every perfect subtree completed by later appends. */
  constructor(onNode?: OnNode) {
    this.#hashes = [];
    this.#count = 0;
    this.#size = 0;
    this.#onNode = onNode;
  }

  /**
   * Resumes a range at `size` from its perfect subtree hashes (see prefixNodes(size) for their ids),
   * largest first. The hashes are copied.
   *
   * Throws MerkleArgumentError: MERKLE_INVALID_SIZE for a size that is not a non-negative safe integer,
   * MERKLE_NODE_COUNT_MISMATCH unless there is exactly one node per set bit of size,
   * MERKLE_INVALID_HASH_LENGTH for a node that is not 32 bytes.
   */
  static fromNodes(size: number, nodes: readonly Uint8Array[], onNode?: OnNode): CompactRange {
    checkCount('size', size);
    const expected = popCount(size);
    if (nodes.length !== expected) {
      throw new MerkleArgumentError(
        'MERKLE_NODE_COUNT_MISMATCH',
        `a compact range of size ${size} needs ${expected} nodes, got ${nodes.length}`,
        { size, expectedCount: expected, actualCount: nodes.length },
      );
    }
    const range = new CompactRange(onNode);
    nodes.forEach((node, position) => {
      checkHash(`nodes[${position}]`, node);
      range.#hashes.push(Buffer.from(node));
    });
    range.#count = nodes.length;
    range.#size = size;
    return range;
  }

  /** Number of leaves covered. */
  get size(): number {
    return this.#size;
  }

  /**
   * Appends one leaf hash (already hashLeaf'ed) at position `size`. The buffer is kept, not copied:
   * do not mutate it afterwards.
   *
   * Throws MerkleArgumentError MERKLE_INVALID_HASH_LENGTH unless it is 32 bytes, MERKLE_INVALID_SIZE when
   * the range already holds 2^53 - 1 leaves.
   */
  append(leafHash: Buffer): void {
    if (leafHash.length !== HASH_SIZE) checkHash('leafHash', leafHash);
    if (this.#size === Number.MAX_SAFE_INTEGER) checkCount('size', this.#size + 1);
    const onNode = this.#onNode;
    let hash = leafHash;
    let level = 0;
    let index = this.#size;
    let count = this.#count;
    if (onNode !== undefined) onNode(level, index, hash);
    // An odd index means the left sibling at this level is the smallest hash held: merge with it.
    while (index % 2 === 1) {
      count--;
      hash = hashChildren(this.#hashes[count] as Buffer, hash);
      level++;
      index = (index - 1) / 2;
      if (onNode !== undefined) onNode(level, index, hash);
    }
    this.#hashes[count] = hash;
    this.#count = count + 1;
    this.#size++;
  }

  /** The RFC 6962 root of leaves [0, size): a fresh Buffer; a copy of EMPTY_ROOT when size is 0. */
  root(): Buffer {
    if (this.#count === 0) return Buffer.from(EMPTY_ROOT);
    let root = this.#hashes[this.#count - 1] as Buffer;
    if (this.#count === 1) return Buffer.from(root);
    for (let position = this.#count - 2; position >= 0; position--) {
      root = hashChildren(this.#hashes[position] as Buffer, root);
    }
    return root;
  }

  /** Copies of the perfect subtree hashes covering [0, size), largest first (ids: prefixNodes(size)). */
  nodes(): Buffer[] {
    return this.#hashes.slice(0, this.#count).map((hash) => Buffer.from(hash));
  }
}
