import { checkCount } from './argumentChecks.js';
import { bitLength, hasBit } from './bits.js';

/**
 * A perfect subtree of the log: the node at `level` (0 = leaves) and `index` (0-based from the left at
 * that level) covers leaves [index * 2^level, (index + 1) * 2^level). Only perfect subtrees have ids;
 * the incomplete rightmost nodes of a tree whose size is not a power of two are "ephemeral" and are
 * always recomputed from perfect ones.
 */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/**
 * The perfect subtrees that exactly cover leaves [0, size), one per set bit of `size`, from the leftmost
 * (largest) to the rightmost (smallest). This is the compact range of the tree; folding their hashes
 * right to left with hashChildren yields the RFC 6962 root.
 *
 * Throws MerkleArgumentError MERKLE_INVALID_SIZE unless size is a non-negative safe integer.
 */
export function prefixNodes(size: number): NodeId[] {
  checkCount('size', size);
  return alignedRangeNodes(0, size);
}

/**
 * The perfect subtrees covering [begin, end), largest first. Precondition (not checked, internal use):
 * `begin` is a multiple of the largest power of two not above `end - begin`, so every piece is aligned;
 * this holds for [0, n) and for the range right of a perfect node inside a tree.
 */
export function alignedRangeNodes(begin: number, end: number): NodeId[] {
  const count = end - begin;
  const nodes: NodeId[] = [];
  let position = begin;
  for (let level = bitLength(count) - 1; level >= 0; level--) {
    if (!hasBit(count, level)) continue;
    const width = 2 ** level;
    nodes.push({ level, index: position / width });
    position += width;
  }
  return nodes;
}
