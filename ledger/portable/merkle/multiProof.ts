import { sha256Many } from '../hashing.js';
import type { Steps } from '../hashing.js';
import { checkCount } from './argumentChecks.js';
import { MerkleProofError } from './merkleErrors.js';
import { HASH_SIZE, nodeInput } from './treeHashing.js';

/**
 * Inclusion of many leaves at once in an RFC 6962 tree: the proof is the list of subtree hashes that, with the
 * leaves themselves, determine the root — each included leaf's RFC 9162 audit path, with every node shared by two
 * paths or computable from the included leaves given once, or not at all.
 *
 * The tree is walked bottom-up, one level at a time. Level 0 holds the `size` leaves; level L+1 pairs the nodes of
 * level L left to right (indexes 2i and 2i+1 make node i), and a last node without a right sibling moves up
 * unchanged (that is exactly RFC 6962's split at the largest power of two, seen from below). At each level the
 * known nodes are those computed from the included leaves; a known node whose sibling exists but is not known needs
 * that sibling from the proof. The proof lists those siblings level by level from the leaves up and, within a
 * level, left to right: the same order `multiProofNodes` plans them and `multiProofRootSteps` consumes them. A
 * proof for one leaf holds exactly that leaf's audit path, in the same bottom-up order as RFC 9162's.
 */

/** A node of the bottom-up tree: `level` (0 = leaves) and `index` at that level. */
export interface TreeNode {
  readonly level: number;
  readonly index: number;
}

/**
 * The nodes whose hashes a proof for `indexes` (strictly ascending, each < size) must carry, in proof order.
 * A node (level, index) covers the leaves [index · 2^level, min((index + 1) · 2^level, size)); its hash is the
 * RFC 6962 hash of that range (a perfect subtree, or the right edge's imperfect one).
 */
export function multiProofNodes(indexes: readonly number[], size: number): TreeNode[] {
  checkLeaves(indexes, size);
  const needed: TreeNode[] = [];
  let known = [...indexes];
  let width = size;
  for (let level = 0; width > 1; level++) {
    const parents: number[] = [];
    for (let at = 0; at < known.length; at++) {
      const index = known[at] as number;
      const sibling = index ^ 1;
      if (sibling < width && known[at + 1] !== sibling && known[at - 1] !== sibling) {
        needed.push({ level, index: sibling });
      }
      if (parents.at(-1) !== index >> 1) parents.push(index >> 1);
    }
    known = parents;
    width = Math.ceil(width / 2);
  }
  return needed;
}

/** A leaf of the tree: its index and its leaf hash (hashLeaf of the event hash). */
export interface IncludedLeaf {
  readonly index: number;
  readonly hash: Uint8Array;
}

/**
 * The root that `leaves` (strictly ascending indexes, each < size) and `proof` yield, consuming the proof in the
 * order `multiProofNodes` plans it. Each level's hashes are requested at once (`sha256Many`), so a browser digests
 * them concurrently. Compare the result with a signed root to prove every leaf's inclusion.
 *
 * @throws MerkleProofError `MERKLE_PROOF_INVALID` (no leaves, unordered or out-of-range indexes, an element that
 *   is not 32 bytes), `MERKLE_PROOF_WRONG_LENGTH` (too few or too many elements).
 */
export function* multiProofRootSteps(
  leaves: readonly IncludedLeaf[],
  size: number,
  proof: readonly Uint8Array[],
): Steps<Uint8Array> {
  checkLeaves(
    leaves.map((leaf) => leaf.index),
    size,
  );
  let known: IncludedLeaf[] = [...leaves];
  let consumed = 0;
  const next = (): Uint8Array => {
    const element = proof[consumed++];
    if (element === undefined) throw wrongLength(size, proof.length, 'more');
    if (element.length !== HASH_SIZE)
      throw invalid(`proof element ${consumed - 1} is not ${HASH_SIZE} bytes`);
    return element;
  };
  for (let width = size; width > 1; width = Math.ceil(width / 2)) {
    const pairs: { index: number; left: Uint8Array; right: Uint8Array | null }[] = [];
    for (let at = 0; at < known.length; at++) {
      const { index, hash } = known[at] as IncludedLeaf;
      const sibling = index ^ 1;
      if (sibling >= width) pairs.push({ index: index >> 1, left: hash, right: null });
      else if (index % 2 === 1) pairs.push({ index: index >> 1, left: next(), right: hash });
      else if (known[at + 1]?.index === sibling) {
        pairs.push({ index: index >> 1, left: hash, right: (known[++at] as IncludedLeaf).hash });
      } else pairs.push({ index: index >> 1, left: hash, right: next() });
    }
    const inputs: Uint8Array[] = [];
    for (const pair of pairs) if (pair.right !== null) inputs.push(nodeInput(pair.left, pair.right));
    const digests = yield* sha256Many(inputs);
    let digest = 0;
    known = pairs.map((pair) => ({
      index: pair.index,
      hash: pair.right === null ? pair.left : (digests[digest++] as Uint8Array),
    }));
  }
  if (consumed !== proof.length) throw wrongLength(size, proof.length, 'fewer');
  return (known[0] as IncludedLeaf).hash;
}

function checkLeaves(indexes: readonly number[], size: number): void {
  checkCount('size', size);
  if (indexes.length === 0) throw invalid('a multi-leaf proof needs at least one leaf');
  indexes.forEach((index, at) => {
    if (!Number.isSafeInteger(index) || index < 0 || index >= size)
      throw invalid(`leaf index ${index} is outside a tree of size ${size}`);
    if (at > 0 && index <= (indexes[at - 1] as number))
      throw invalid(`leaf indexes must be strictly ascending (${indexes[at - 1]} then ${index})`);
  });
}

function invalid(reason: string): MerkleProofError {
  return new MerkleProofError('MERKLE_PROOF_INVALID', reason, { reason });
}

function wrongLength(size: number, actualLength: number, needed: 'more' | 'fewer'): MerkleProofError {
  return new MerkleProofError(
    'MERKLE_PROOF_WRONG_LENGTH',
    `the proof needs ${needed} elements than its ${actualLength}`,
    { size, actualLength },
  );
}
