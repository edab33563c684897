import { checkHash } from '../portable/merkle/argumentChecks.js';
import { MerkleArgumentError } from '../portable/merkle/merkleErrors.js';
import type { ProofPlan } from '../portable/merkle/proofPlan.js';
import { hashChildren } from './treeHashing.js';

/**
 * Turns the hashes of `plan.nodes` (same order) into the proof: copies of the fetched list with the
 * rehash run, if any, replaced by its right-to-left fold hashChildren(h[b], hashChildren(h[b+1], ...)).
 *
 * Throws MerkleArgumentError: MERKLE_NODE_COUNT_MISMATCH unless there is one hash per planned node,
 * MERKLE_INVALID_HASH_LENGTH for a hash that is not 32 bytes.
 */
export function assembleProof(plan: ProofPlan, fetchedHashes: readonly Buffer[]): Buffer[] {
  if (fetchedHashes.length !== plan.nodes.length) {
    throw new MerkleArgumentError(
      'MERKLE_NODE_COUNT_MISMATCH',
      `the plan needs ${plan.nodes.length} node hashes, got ${fetchedHashes.length}`,
      { expectedCount: plan.nodes.length, actualCount: fetchedHashes.length },
    );
  }
  fetchedHashes.forEach((hash, position) => checkHash(`fetchedHashes[${position}]`, hash));
  const { rehash } = plan;
  if (rehash === null) return fetchedHashes.map((hash) => Buffer.from(hash));
  let folded = fetchedHashes[rehash.end - 1] as Buffer;
  for (let position = rehash.end - 2; position >= rehash.begin; position--) {
    folded = hashChildren(fetchedHashes[position] as Buffer, folded);
  }
  return [
    ...fetchedHashes.slice(0, rehash.begin).map((hash) => Buffer.from(hash)),
    folded,
    ...fetchedHashes.slice(rehash.end).map((hash) => Buffer.from(hash)),
  ];
}
