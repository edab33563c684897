import { runOnNode } from '../keys/nodeCrypto.js';
import {
  rootFromInclusionProofSteps,
  verifyConsistencySteps,
  verifyInclusionSteps,
} from '../portable/merkle/proofVerify.js';

/**
 * RFC 9162 proof verification on Node, synchronously (the append rule checks a checkpoint's consistency proof
 * inside its transaction). The algorithms and their errors are the portable ones in
 * ledger/portable/merkle/proofVerify.ts, which the browser verifier runs too.
 */

export function rootFromInclusionProof(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
): Buffer {
  return Buffer.from(runOnNode(rootFromInclusionProofSteps(leafHash, index, size, proof)));
}

export function verifyInclusion(
  leafHash: Uint8Array,
  index: number,
  size: number,
  proof: readonly Uint8Array[],
  root: Uint8Array,
): void {
  runOnNode(verifyInclusionSteps(leafHash, index, size, proof, root));
}

export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  runOnNode(verifyConsistencySteps(size1, size2, proof, root1, root2));
}
