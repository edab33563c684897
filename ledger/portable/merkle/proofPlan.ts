import { checkIndex, checkSizeOrder } from './argumentChecks.js';
import { shiftRight, trailingZeros, xorBitLength } from './bits.js';
import { alignedRangeNodes, type NodeId } from './nodeId.js';

/**
 * What a proof needs, decided before touching storage: the perfect subtrees to fetch, in order, and
 * which consecutive run of them (if any) must be folded into the one ephemeral node of the proof.
 *
 * An RFC 6962 proof lists, bottom-up, the siblings along a path to the root. All of them are perfect
 * subtrees except possibly one: the sibling of the "fork" node, which covers the incomplete right edge
 * [forkEnd, size). That ephemeral node is rebuilt from the perfect subtrees covering its range.
 *
 * Layout of `nodes` (consistency proofs may lead with a seed node, see planConsistency):
 *   - the siblings of the path below the fork, bottom-up
 *   - the pieces of the ephemeral node, largest first: nodes[rehash.begin .. rehash.end)
 *   - the perfect subtrees left of the fork, bottom-up (smallest first)
 */
export interface ProofPlan {
  /** Perfect subtrees to fetch; hand their hashes to assembleProof in this order. */
  readonly nodes: readonly NodeId[];
  /** The run of `nodes` folded right to left into one proof element; null when no fold is needed. */
  readonly rehash: { readonly begin: number; readonly end: number } | null;
  /** Number of elements of the assembled proof. */
  readonly proofLength: number;
}

/**
 * Plans the inclusion proof (RFC 9162 §2.1.3.1 audit path) of leaf `index` in the tree of `size` leaves.
 *
 * Throws MerkleArgumentError: MERKLE_INVALID_SIZE for a non safe integer or negative argument,
 * MERKLE_INDEX_OUT_OF_RANGE unless index < size.
 */
export function planInclusion(index: number, size: number): ProofPlan {
  checkIndex(index, size);
  return planPath(0, index, size, false);
}

/**
 * Plans the consistency proof (RFC 9162 §2.1.4.1) from the tree of `size1` leaves to that of `size2`.
 * Empty when size1 is 0 or equal to size2. Otherwise the proof is the inclusion path, in the tree of
 * size2, of the last perfect subtree of [0, size1), led by that subtree itself unless size1 is a power of
 * two (the verifier then already knows it: it is root1).
 *
 * Throws MerkleArgumentError: MERKLE_INVALID_SIZE for a non safe integer or negative size,
 * MERKLE_SIZES_OUT_OF_ORDER when size1 > size2.
 */
export function planConsistency(size1: number, size2: number): ProofPlan {
  checkSizeOrder(size1, size2);
  if (size1 === 0 || size1 === size2) return { nodes: [], rehash: null, proofLength: 0 };
  const level = trailingZeros(size1);
  const index = shiftRight(size1, level) - 1;
  return planPath(level, index, size2, index !== 0);
}

/**
 * Nodes proving that the perfect subtree (level, index) belongs to the tree of `size` leaves.
 * Precondition: (index + 1) * 2^level <= size.
 */
function planPath(level: number, index: number, size: number, includeSeed: boolean): ProofPlan {
  // The fork is the seed's ancestor that is the perfect subtree of [0, size) at the highest bit where
  // the seed's index and size >> level differ; below it, every sibling is a perfect subtree.
  const inner = xorBitLength(index, shiftRight(size, level)) - 1;
  const forkLevel = level + inner;
  const forkWidth = 2 ** forkLevel;
  const forkBegin = shiftRight(index, inner) * forkWidth;

  const nodes: NodeId[] = includeSeed ? [{ level, index }] : [];
  let current = index;
  for (let step = 0; step < inner; step++) {
    nodes.push({ level: level + step, index: current % 2 === 1 ? current - 1 : current + 1 });
    current = Math.floor(current / 2);
  }
  const ephemeral = alignedRangeNodes(forkBegin + forkWidth, size);
  const rehash = ephemeral.length > 1 ? { begin: nodes.length, end: nodes.length + ephemeral.length } : null;
  nodes.push(...ephemeral, ...alignedRangeNodes(0, forkBegin).reverse());
  const proofLength = rehash === null ? nodes.length : nodes.length - ephemeral.length + 1;
  return { nodes, rehash, proofLength };
}
