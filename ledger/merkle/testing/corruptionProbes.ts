import { isMerkleArgumentError, isMerkleProofError } from '../../portable/merkle/merkleErrors.js';
import { pathSides, proofShape } from './naiveTree.js';

/**
 * Corruption probes in the manner of transparency-dev/merkle: every valid proof a test checks is mutated
 * in all the ways below, and every mutation must be rejected with a typed Merkle error.
 *
 * Size mutations are left out when the mutated sizes give the proof exactly the same shape (same sides,
 * same seed handling): the RFC verifier then performs identical hashing and must accept, because an RFC
 * 6962 root commits to the leaves but not to the tree size (e.g. leaf 0 of size 3 and of size 4 have
 * proofs [h1, h(2..3)] that hash the same way). Binding the size is the signed checkpoint's job.
 */

export interface InclusionClaim {
  readonly leafHash: Buffer;
  readonly index: number;
  readonly size: number;
  readonly proof: readonly Buffer[];
  readonly root: Buffer;
}

export interface ConsistencyClaim {
  readonly size1: number;
  readonly size2: number;
  readonly proof: readonly Buffer[];
  readonly root1: Buffer;
  readonly root2: Buffer;
}

export interface Probe<Claim> {
  readonly name: string;
  readonly claim: Claim;
}

export function inclusionProbes(claim: InclusionClaim): Probe<InclusionClaim>[] {
  const { index, size } = claim;
  const probes: Probe<InclusionClaim>[] = proofProbes(claim.proof, claim.root).map(({ name, proof }) => ({
    name,
    claim: { ...claim, proof },
  }));
  const add = (name: string, change: Partial<InclusionClaim>): void => {
    probes.push({ name, claim: { ...claim, ...change } });
  };
  if (index > 0) add('index - 1', { index: index - 1 });
  add('index + 1', { index: index + 1 });
  for (const other of [size - 1, size + 1]) {
    if (other > index && pathSides(index, other) === pathSides(index, size)) continue;
    add(`size ${other}`, { size: other });
  }
  add('wrong leaf', { leafHash: flipped(claim.leafHash, 0) });
  add('wrong root', { root: flipped(claim.root, 31) });
  // In a one-leaf tree the root is the leaf hash, so swapping them changes nothing.
  if (!claim.root.equals(claim.leafHash)) add('root as leaf', { leafHash: claim.root, root: claim.leafHash });
  return probes;
}

export function consistencyProbes(claim: ConsistencyClaim): Probe<ConsistencyClaim>[] {
  const { size1, size2 } = claim;
  const probes: Probe<ConsistencyClaim>[] = proofProbes(claim.proof, claim.root2).map(({ name, proof }) => ({
    name,
    claim: { ...claim, proof },
  }));
  const add = (name: string, change: Partial<ConsistencyClaim>): void => {
    probes.push({ name, claim: { ...claim, ...change } });
  };
  const shape = proofShape(size1, size2);
  for (const [other1, other2] of [
    [size1 - 1, size2],
    [size1 + 1, size2],
    [size1, size2 - 1],
    [size1, size2 + 1],
  ] as const) {
    if (other1 < 0 || (other1 <= other2 && proofShape(other1, other2) === shape)) continue;
    add(`sizes ${other1}, ${other2}`, { size1: other1, size2: other2 });
  }
  if (!claim.root1.equals(claim.root2)) add('swapped roots', { root1: claim.root2, root2: claim.root1 });
  add('wrong root1', { root1: flipped(claim.root1, 31) });
  // Every tree extends the empty one: with size1 = 0 nothing constrains root2.
  if (size1 > 0) add('wrong root2', { root2: flipped(claim.root2, 31) });
  return probes;
}

/**
 * Names of the probes that `verify` accepted, or that it rejected with something other than a typed
 * Merkle error: a passing test expects none.
 */
export function acceptedProbes<Claim>(
  probes: readonly Probe<Claim>[],
  verify: (claim: Claim) => void,
): string[] {
  return probes
    .filter((probe) => {
      try {
        verify(probe.claim);
        return true;
      } catch (error) {
        return !isMerkleProofError(error) && !isMerkleArgumentError(error);
      }
    })
    .map((probe) => probe.name);
}

function proofProbes(proof: readonly Buffer[], someHash: Buffer): Array<{ name: string; proof: Buffer[] }> {
  const probes = proof.map((_element, position) => ({
    name: `flip byte of element ${position}`,
    proof: proof.map((element, at) => (at === position ? flipped(element, (position * 11) % 32) : element)),
  }));
  const last = proof[proof.length - 1] ?? someHash;
  probes.push({ name: 'append zero hash', proof: [...proof, Buffer.alloc(32)] });
  probes.push({ name: 'append duplicate', proof: [...proof, last] });
  probes.push({ name: 'prepend duplicate', proof: [proof[0] ?? someHash, ...proof] });
  if (proof.length > 0) {
    probes.push({ name: 'drop last', proof: proof.slice(0, -1) });
    probes.push({ name: 'drop first', proof: proof.slice(1) });
    probes.push({ name: 'empty proof', proof: [] });
  }
  if (proof.length > 1)
    probes.push({
      name: 'swap first two',
      proof: [proof[1] as Buffer, proof[0] as Buffer, ...proof.slice(2)],
    });
  return probes;
}

function flipped(hash: Buffer, position: number): Buffer {
  const copy = Buffer.from(hash);
  copy[position] = (copy[position] ?? 0) ^ 0x01;
  return copy;
}
