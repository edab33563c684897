import { describe, expect, it } from 'vitest';
import { isMerkleProofError, type MerkleProofError } from '../portable/merkle/merkleErrors.js';
import { planConsistency, planInclusion } from '../portable/merkle/proofPlan.js';
import { assembleProof } from './proofAssembly.js';
import { rootFromInclusionProof, verifyConsistency, verifyInclusion } from './proofVerify.js';
import {
  acceptedProbes,
  consistencyProbes,
  inclusionProbes,
  type ConsistencyClaim,
  type InclusionClaim,
} from './testing/corruptionProbes.js';
import { eventHashes } from './testing/eventHashes.js';
import { NaiveTree } from './testing/naiveTree.js';
import { seededRandom } from './testing/seededRandom.js';
import { uniformTree } from './testing/uniformTree.js';
import { EMPTY_ROOT, hashLeaf } from './treeHashing.js';

const events = eventHashes(1100);
const naive = new NaiveTree(events);
const random = seededRandom(9162);

const checkInclusion = (c: InclusionClaim): void =>
  verifyInclusion(c.leafHash, c.index, c.size, c.proof, c.root);
const checkConsistency = (c: ConsistencyClaim): void =>
  verifyConsistency(c.size1, c.size2, c.proof, c.root1, c.root2);

function inclusionClaim(index: number, size: number): InclusionClaim {
  const leafHash = hashLeaf(events[index] as Buffer);
  return { leafHash, index, size, proof: naive.path(index, size), root: naive.root(size) };
}

function consistencyClaim(size1: number, size2: number): ConsistencyClaim {
  return {
    size1,
    size2,
    proof: naive.proof(size1, size2),
    root1: naive.root(size1),
    root2: naive.root(size2),
  };
}

function proofError(action: () => unknown): MerkleProofError {
  try {
    action();
  } catch (error) {
    if (isMerkleProofError(error)) return error;
    throw error;
  }
  throw new Error('expected a MerkleProofError');
}

describe('verifyInclusion', () => {
  it('given naive proofs for many (index, size) up to 1100, then each verifies and every corruption probe fails', () => {
    const claims: Array<[number, number]> = [];
    for (let size = 1; size <= 40; size++)
      for (let index = 0; index < size; index++) claims.push([index, size]);
    for (const size of [255, 256, 257, 511, 512, 513, 1023, 1024, 1025, 1100]) {
      claims.push([0, size], [size - 1, size], [size >> 1, size], [random.int(size), size]);
    }
    for (let sample = 0; sample < 200; sample++) {
      const size = 1 + random.int(1100);
      claims.push([random.int(size), size]);
    }
    for (const [index, size] of claims) {
      const claim = inclusionClaim(index, size);
      expect(rootFromInclusionProof(claim.leafHash, index, size, claim.proof).equals(claim.root)).toBe(true);
      checkInclusion(claim);
      expect(acceptedProbes(inclusionProbes(claim), checkInclusion), `${index}/${size}`).toEqual([]);
    }
  });

  it('given a proof that leads elsewhere, then MERKLE_ROOT_MISMATCH carries both roots, index and size', () => {
    const claim = inclusionClaim(3, 10);
    const error = proofError(() => checkInclusion({ ...claim, root: naive.root(9) }));
    expect(error.code).toBe('MERKLE_ROOT_MISMATCH');
    expect(error.details).toEqual({
      index: 3,
      size: 10,
      root: 'root',
      expectedRoot: naive.root(9).toString('hex'),
      actualRoot: naive.root(10).toString('hex'),
    });
  });

  it('given a proof of the wrong length, then MERKLE_PROOF_WRONG_LENGTH carries both lengths', () => {
    const claim = inclusionClaim(3, 10);
    const error = proofError(() => checkInclusion({ ...claim, proof: claim.proof.slice(1) }));
    expect(error.code).toBe('MERKLE_PROOF_WRONG_LENGTH');
    expect(error.details).toEqual({ index: 3, size: 10, expectedLength: 4, actualLength: 3 });
  });

  it('given index >= size or a short element, then MERKLE_PROOF_INVALID', () => {
    const claim = inclusionClaim(3, 10);
    expect(proofError(() => checkInclusion({ ...claim, index: 10 })).code).toBe('MERKLE_PROOF_INVALID');
    expect(proofError(() => checkInclusion({ ...claim, size: 0, index: 0 })).code).toBe(
      'MERKLE_PROOF_INVALID',
    );
    const short = [Buffer.alloc(31), ...claim.proof.slice(1)];
    expect(proofError(() => checkInclusion({ ...claim, proof: short })).details).toMatchObject({
      position: 0,
    });
  });
});

describe('verifyConsistency', () => {
  it('given naive proofs for many (size1, size2) up to 1100, then each verifies and every corruption probe fails', () => {
    const claims: Array<[number, number]> = [];
    for (let size2 = 0; size2 <= 40; size2++)
      for (let size1 = 0; size1 <= size2; size1++) claims.push([size1, size2]);
    for (const size of [255, 256, 257, 511, 512, 513, 1023, 1024, 1025]) {
      claims.push([size, 1100], [1, size], [size - 1, size], [size, size + 1], [random.int(size + 1), size]);
    }
    for (let sample = 0; sample < 200; sample++) {
      const size2 = random.int(1101);
      claims.push([random.int(size2 + 1), size2]);
    }
    for (const [size1, size2] of claims) {
      const claim = consistencyClaim(size1, size2);
      checkConsistency(claim);
      expect(acceptedProbes(consistencyProbes(claim), checkConsistency), `${size1}/${size2}`).toEqual([]);
    }
  });

  it('given equal sizes, then the proof must be empty and the roots equal', () => {
    const root = naive.root(7);
    verifyConsistency(7, 7, [], root, root);
    expect(proofError(() => verifyConsistency(7, 7, [root], root, root)).code).toBe(
      'MERKLE_PROOF_WRONG_LENGTH',
    );
    const error = proofError(() => verifyConsistency(7, 7, [], root, naive.root(6)));
    expect(error.code).toBe('MERKLE_ROOT_MISMATCH');
    expect(error.details).toMatchObject({ root: 'root2', expectedRoot: naive.root(6).toString('hex') });
  });

  it('given an empty first tree, then any second root is accepted with an empty proof and root1 must be EMPTY_ROOT', () => {
    verifyConsistency(0, 0, [], EMPTY_ROOT, EMPTY_ROOT);
    verifyConsistency(0, 5, [], EMPTY_ROOT, naive.root(5));
    expect(proofError(() => verifyConsistency(0, 5, [naive.root(5)], EMPTY_ROOT, naive.root(5))).code).toBe(
      'MERKLE_PROOF_WRONG_LENGTH',
    );
    expect(proofError(() => verifyConsistency(0, 5, [], naive.root(1), naive.root(5))).details).toMatchObject(
      {
        root: 'root1',
        expectedRoot: naive.root(1).toString('hex'),
        actualRoot: EMPTY_ROOT.toString('hex'),
      },
    );
  });

  it('given size1 > size2, then MERKLE_PROOF_INVALID with both sizes', () => {
    const error = proofError(() => verifyConsistency(6, 5, [], naive.root(6), naive.root(5)));
    expect(error.code).toBe('MERKLE_PROOF_INVALID');
    expect(error.details).toEqual({ size1: 6, size2: 5 });
  });

  it('given a wrong old root, then MERKLE_ROOT_MISMATCH names root1', () => {
    const claim = consistencyClaim(6, 8);
    const error = proofError(() => checkConsistency({ ...claim, root1: naive.root(5) }));
    expect(error.details).toMatchObject({
      size1: 6,
      size2: 8,
      root: 'root1',
      actualRoot: naive.root(6).toString('hex'),
    });
  });
});

describe('verification past 2^32 leaves', () => {
  const tree = uniformTree();

  it('given planned proofs in trees up to 2^53 - 1 leaves, then they verify and tampering fails', () => {
    for (const [first, size] of [
      [0, 2 ** 53 - 1],
      [2 ** 53 - 2, 2 ** 53 - 1],
      [2 ** 40 + 5, 2 ** 41 + 3],
      [2 ** 32, 2 ** 32 + 1],
      [2 ** 32 - 1, 2 ** 33],
      [3 * 2 ** 35 + 17, 2 ** 37 - 9],
    ] as const) {
      const inclusion = planInclusion(first, size);
      const path = assembleProof(inclusion, inclusion.nodes.map(tree.nodeHash));
      const leafHash = tree.nodeHash({ level: 0, index: first });
      verifyInclusion(leafHash, first, size, path, tree.root(size));
      expect(() => verifyInclusion(leafHash, first, size, path, tree.root(size - 1))).toThrow();

      const consistency = planConsistency(first + 1, size);
      const proof = assembleProof(consistency, consistency.nodes.map(tree.nodeHash));
      verifyConsistency(first + 1, size, proof, tree.root(first + 1), tree.root(size));
      const extended = [...proof, leafHash];
      expect(() =>
        verifyConsistency(first + 1, size, extended, tree.root(first + 1), tree.root(size)),
      ).toThrow();
    }
  });
});
