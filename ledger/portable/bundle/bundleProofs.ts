import { fromHex, toHex } from '../bytes.js';
import type { Steps } from '../hashing.js';
import { isMerkleProofError } from '../merkle/merkleErrors.js';
import { multiProofRootSteps } from '../merkle/multiProof.js';
import { verifyConsistencySteps } from '../merkle/proofVerify.js';
import { sha256Many } from '../hashing.js';
import { leafInput } from '../merkle/treeHashing.js';
import type { EvidenceBundle } from './bundleFormat.js';
import type { BundleFailure } from './bundleReport.js';

/** The tree a checkpoint signs, as the verifier holds it. */
export interface SignedTree {
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
}

const bytesOf = (hex: string): Uint8Array => fromHex(hex) as Uint8Array;

/**
 * Every event and redacted leaf of the bundle, with the multi-leaf proof, must lead to the checkpoint's root: that
 * proves each of them is at its position in the signed tree.
 */
export function* inclusionFailure(bundle: EvidenceBundle, tree: SignedTree): Steps<BundleFailure | null> {
  const entries = [...bundle.events, ...bundle.redacted].sort((a, b) => a.position - b.position);
  const leafHashes = yield* sha256Many(entries.map((entry) => leafInput(bytesOf(entry.hash))));
  const leaves = entries.map((entry, at) => ({ index: entry.position, hash: leafHashes[at] as Uint8Array }));
  let root: Uint8Array;
  try {
    root = yield* multiProofRootSteps(leaves, tree.treeSize, bundle.inclusion.map(bytesOf));
  } catch (error) {
    if (!isMerkleProofError(error)) throw error;
    return {
      code: 'INCLUSION_PROOF_INVALID',
      message: `the inclusion proof is unusable: ${error.message}`,
      path: '$.inclusion',
    };
  }
  const actual = toHex(root);
  if (actual === toHex(tree.rootHash)) return null;
  return {
    code: 'INCLUSION_PROOF_INVALID',
    message: "the bundle's events and inclusion proof do not lead to the checkpoint's root",
    path: '$.inclusion',
    expected: toHex(tree.rootHash),
    actual,
  };
}

/** Each consistency proof the bundle carries must show its older tree is a prefix of the checkpoint's. */
export function* consistencyFailure(bundle: EvidenceBundle, tree: SignedTree): Steps<BundleFailure | null> {
  for (const [at, entry] of bundle.consistency.entries()) {
    const path = `$.consistency[${at}]`;
    const previous = bundle.consistency[at - 1];
    if (previous !== undefined && entry.fromSize <= previous.fromSize)
      return {
        code: 'BUNDLE_MALFORMED',
        message: 'consistency proofs must be in strictly ascending fromSize',
        path,
        actual: entry.fromSize,
      };
    const problem = yield* consistencyProblem(
      entry.fromSize,
      bytesOf(entry.fromRoot),
      entry.proof.map(bytesOf),
      tree,
    );
    if (problem !== null)
      return {
        code: 'CONSISTENCY_PROOF_INVALID',
        message: problem,
        path,
        expected: tree.treeSize,
        actual: entry.fromSize,
      };
  }
  return null;
}

/** Why `proof` does not show (fromSize, fromRoot) is a prefix of `tree`, or null when it does. */
export function* consistencyProblem(
  fromSize: number,
  fromRoot: Uint8Array,
  proof: readonly Uint8Array[],
  tree: SignedTree,
): Steps<string | null> {
  try {
    yield* verifyConsistencySteps(fromSize, tree.treeSize, proof, fromRoot, tree.rootHash);
    return null;
  } catch (error) {
    if (!isMerkleProofError(error)) throw error;
    return `the tree of ${fromSize} events is not proven a prefix of the checkpoint's tree of ${tree.treeSize}: ${error.message}`;
  }
}

/**
 * The auditor's own checkpoint (already opened with trusted keys) must be consistent with the bundle's: equal at
 * the same size, proven a prefix by one of the bundle's consistency proofs when older. A newer one cannot be
 * judged from this bundle: export it again at a checkpoint at least as new.
 */
export function trustedFailure(
  bundle: EvidenceBundle,
  trusted: SignedTree,
  tree: SignedTree,
): BundleFailure | null {
  const trustedRoot = toHex(trusted.rootHash);
  if (trusted.treeSize > tree.treeSize)
    return {
      code: 'TRUSTED_CHECKPOINT_NEWER',
      message: `the trusted checkpoint (tree size ${trusted.treeSize}) is newer than the bundle's (${tree.treeSize}): export the bundle again at a newer checkpoint`,
      expected: `<= ${tree.treeSize}`,
      actual: trusted.treeSize,
    };
  if (trusted.treeSize === tree.treeSize) {
    if (trustedRoot === toHex(tree.rootHash)) return null;
    return {
      code: 'TRUSTED_CHECKPOINT_MISMATCH',
      message: 'the trusted checkpoint and the bundle sign different trees of the same size (a split view)',
      expected: trustedRoot,
      actual: toHex(tree.rootHash),
    };
  }
  const at = bundle.consistency.findIndex((entry) => entry.fromSize === trusted.treeSize);
  const entry = bundle.consistency[at];
  if (entry === undefined)
    return {
      code: 'TRUSTED_CHECKPOINT_NOT_COVERED',
      message: `the bundle carries no consistency proof from tree size ${trusted.treeSize}: export it with --since ${trusted.treeSize}`,
      expected: trusted.treeSize,
      actual: bundle.consistency.map((proof) => proof.fromSize),
    };
  if (entry.fromRoot !== trustedRoot)
    return {
      code: 'TRUSTED_CHECKPOINT_MISMATCH',
      message: "the bundle's history at the trusted checkpoint's size is not the trusted one (a split view)",
      path: `$.consistency[${at}].fromRoot`,
      expected: trustedRoot,
      actual: entry.fromRoot,
    };
  return null;
}
