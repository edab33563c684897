import { checkCount, checkHash } from './argumentChecks.js';
import { trailingZeros } from './bits.js';
import { MerkleProofError } from './merkleErrors.js';
import { planConsistency, planInclusion } from './proofPlan.js';
import { equalBytes, toHex } from '../bytes.js';
import type { Steps } from '../hashing.js';
import { emptyRootSteps, HASH_SIZE, hashChildrenSteps } from './treeHashing.js';

/**
 * Proof verification, RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), as portable steps (Node runs them
 * through ledger/merkle/proofVerify.ts). Pure: no storage.
 * Every function throws MerkleProofError on a proof that does not verify, and MerkleArgumentError
 * (MERKLE_INVALID_SIZE, MERKLE_INVALID_HASH_LENGTH) for arguments that are not numbers/hashes at all.
 */

/**
 * The root that `proof` yields for leaf hash `leafHash` (hashLeaf of the leaf data) at `index` in a tree
 * of `size` leaves (RFC 9162 §2.1.3.2 without the final comparison).
 *
 * Throws MerkleProofError: MERKLE_PROOF_INVALID when index >= size or an element is not 32 bytes,
 * MERKLE_PROOF_WRONG_LENGTH when the proof does not have exactly the elements that (index, size) needs.
 */
export function* rootFromInclusionProofSteps(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Steps<Uint8Array> {
  checkHash('leafHash', leafHash);
  checkCount('index', index);
  checkCount('size', size);
  if (index >= size) {
    throw new MerkleProofError('MERKLE_PROOF_INVALID', `index ${index} is outside a tree of size ${size}`, {
      index,
      size,
    });
  }
  checkElements(proof);
  checkLength(planInclusion(index, size).proofLength, proof.length, { index, size });
  let fn = index;
  let sn = size - 1;
  let root: Uint8Array = Uint8Array.from(leafHash);
  for (const element of proof) {
    if (sn === 0) throw invalidPath({ index, size });
    if (fn % 2 === 1 || fn === sn) {
      root = yield* hashChildrenSteps(element, root);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      root = yield* hashChildrenSteps(root, element);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw invalidPath({ index, size });
  return root;
}

/**
 * Verifies that `leafHash` is the leaf at `index` of the tree of `size` leaves whose root is `root`.
 *
 * Throws MerkleProofError: as rootFromInclusionProof, plus MERKLE_ROOT_MISMATCH (expectedRoot is `root`,
 * actualRoot the root the proof yields, both hex) when the proof leads elsewhere.
 */
export function* verifyInclusionSteps(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): Steps<void> {
  const computed = yield* rootFromInclusionProofSteps(leafHash, index, size, proof);
  checkRoot(root, computed, { index, size, root: 'root' });
}

/**
 * Verifies that the tree of `size2` leaves with root `root2` extends the tree of `size1` leaves with root
 * `root1`. When size1 == size2 the proof must be empty and the roots equal; when size1 == 0 the proof must
 * be empty and root1 must be EMPTY_ROOT (every tree extends the empty one).
 *
 * Throws MerkleProofError: MERKLE_PROOF_INVALID when size1 > size2 or an element is not 32 bytes,
 * MERKLE_PROOF_WRONG_LENGTH when the proof does not have exactly the elements (size1, size2) needs,
 * MERKLE_ROOT_MISMATCH (with `root`: 'root1' | 'root2' naming the root that disagrees) otherwise.
 */
export function* verifyConsistencySteps(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): Steps<void> {
  checkCount('size1', size1);
  checkCount('size2', size2);
  if (size1 > size2) {
    throw new MerkleProofError('MERKLE_PROOF_INVALID', `size1 ${size1} is larger than size2 ${size2}`, {
      size1,
      size2,
    });
  }
  checkElements(proof);
  checkLength(planConsistency(size1, size2).proofLength, proof.length, { size1, size2 });
  if (size1 === 0) checkRoot(root1, yield* emptyRootSteps(), { size1, size2, root: 'root1' });
  if (size1 === size2) checkRoot(root2, root1, { size1, size2, root: 'root2' });
  if (size1 === 0 || size1 === size2) return;
  const roots = yield* rootsFromConsistencyProof(size1, size2, proof, root1);
  checkRoot(root1, roots.root1, { size1, size2, root: 'root1' });
  checkRoot(root2, roots.root2, { size1, size2, root: 'root2' });
}

/** RFC 9162 §2.1.4.2 steps 2-7 without the comparisons. Precondition: 0 < size1 < size2, length checked. */
function* rootsFromConsistencyProof(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
): Steps<{ root1: Uint8Array; root2: Uint8Array }> {
  // A power-of-two size1 is itself a node of the larger tree: the verifier knows it already (root1).
  const seedIsRoot1 = size1 === 2 ** trailingZeros(size1);
  const path = seedIsRoot1 ? [root1, ...proof] : proof;
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = (fn - 1) / 2;
    sn = Math.floor(sn / 2);
  }
  let fr: Uint8Array = Uint8Array.from(path[0] as Uint8Array);
  let sr = fr;
  for (const element of path.slice(1)) {
    if (sn === 0) throw invalidPath({ size1, size2 });
    if (fn % 2 === 1 || fn === sn) {
      fr = yield* hashChildrenSteps(element, fr);
      sr = yield* hashChildrenSteps(element, sr);
      while (fn % 2 === 0 && fn !== 0) {
        fn /= 2;
        sn = Math.floor(sn / 2);
      }
    } else {
      sr = yield* hashChildrenSteps(sr, element);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw invalidPath({ size1, size2 });
  return { root1: fr, root2: sr };
}

type Claim = Readonly<Record<string, number | string>>;

function checkElements(proof: readonly Uint8Array[]): void {
  proof.forEach((element, position) => {
    if (element.length !== HASH_SIZE) {
      throw new MerkleProofError(
        'MERKLE_PROOF_INVALID',
        `proof element ${position} is not ${HASH_SIZE} bytes`,
        {
          position,
          expectedLength: HASH_SIZE,
          actualLength: element.length,
        },
      );
    }
  });
}

function checkLength(expectedLength: number, actualLength: number, claim: Claim): void {
  if (expectedLength !== actualLength) {
    throw new MerkleProofError(
      'MERKLE_PROOF_WRONG_LENGTH',
      `proof has ${actualLength} elements, expected ${expectedLength}`,
      { ...claim, expectedLength, actualLength },
    );
  }
}

function checkRoot(expected: Uint8Array, actual: Uint8Array, claim: Claim): void {
  if (!equalBytes(expected, actual)) {
    throw new MerkleProofError('MERKLE_ROOT_MISMATCH', 'proof does not lead to the expected root', {
      ...claim,
      expectedRoot: toHex(expected),
      actualRoot: toHex(actual),
    });
  }
}

/** Unreachable once the length matches the plan; kept so the RFC algorithm stands on its own. */
function invalidPath(claim: Claim): MerkleProofError {
  return new MerkleProofError('MERKLE_PROOF_INVALID', 'proof path does not end at the root', claim);
}
