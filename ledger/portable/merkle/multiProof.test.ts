import { describe, expect, it } from 'vitest';
import { runOnNode } from '../../keys/nodeCrypto.js';
import { hashLeaf } from '../../merkle/index.js';
import { NaiveTree } from '../../merkle/testing/naiveTree.js';
import { multiProofNodes, multiProofRootSteps } from './multiProof.js';

const leafData = (count: number) => Array.from({ length: count }, (_, i) => Buffer.from(`leaf ${i}`));

/** The RFC 6962 hash of the bottom-up node (level, index) in a tree of `size` leaves, computed naively. */
function proofFor(leaves: readonly Buffer[], indexes: readonly number[]): Buffer[] {
  const tree = new NaiveTree(leaves);
  return multiProofNodes(indexes, leaves.length).map(({ level, index }) => {
    const begin = index * 2 ** level;
    return tree.mth(begin, Math.min(begin + 2 ** level, leaves.length));
  });
}

const naiveRoot = (leaves: readonly Buffer[]) => new NaiveTree(leaves).root(leaves.length);

const included = (leaves: readonly Buffer[], indexes: readonly number[]) =>
  indexes.map((index) => ({ index, hash: hashLeaf(leaves[index] as Buffer) }));

describe('multi-leaf inclusion proofs', () => {
  it('given any set of leaves in trees of 1 to 40 leaves, when proven, then the proof leads to the root', () => {
    for (let size = 1; size <= 40; size++) {
      const leaves = leafData(size);
      const root = naiveRoot(leaves);
      const sets = [
        [0],
        [size - 1],
        [...Array(size).keys()],
        [...Array(size).keys()].filter((i) => i % 3 === 1),
      ];
      for (const indexes of sets.filter((set) => set.length > 0)) {
        const proof = proofFor(leaves, indexes);
        expect(Buffer.from(runOnNode(multiProofRootSteps(included(leaves, indexes), size, proof)))).toEqual(
          root,
        );
      }
    }
  });

  it('given one leaf, then the proof is exactly its RFC 9162 audit path, in the same order', () => {
    const leaves = leafData(13);
    for (const index of [0, 5, 12])
      expect(proofFor(leaves, [index])).toEqual(new NaiveTree(leaves).path(index, 13));
    expect(multiProofNodes([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 13)).toHaveLength(0);
  });

  it('given a proof with one element changed, missing or added, then the root differs or it is refused', () => {
    const leaves = leafData(21);
    const indexes = [2, 3, 9, 17];
    const proof = proofFor(leaves, indexes);
    const root = naiveRoot(leaves);
    const tampered = proof.map((node, at) => (at === 1 ? Buffer.from(node).fill(7) : node));
    const tamperedRoot = runOnNode(multiProofRootSteps(included(leaves, indexes), 21, tampered));
    expect(Buffer.from(tamperedRoot)).not.toEqual(root);
    expect(() => runOnNode(multiProofRootSteps(included(leaves, indexes), 21, proof.slice(1)))).toThrow(
      expect.objectContaining({ code: 'MERKLE_PROOF_WRONG_LENGTH' }) as Error,
    );
    expect(() =>
      runOnNode(multiProofRootSteps(included(leaves, indexes), 21, [...proof, proof[0] as Buffer])),
    ).toThrow(expect.objectContaining({ code: 'MERKLE_PROOF_WRONG_LENGTH' }) as Error);
  });

  it('given unordered or out-of-range leaves, then the proof is refused as invalid', () => {
    expect(() => multiProofNodes([3, 2], 10)).toThrow(
      expect.objectContaining({ code: 'MERKLE_PROOF_INVALID' }) as Error,
    );
    expect(() => multiProofNodes([10], 10)).toThrow(
      expect.objectContaining({ code: 'MERKLE_PROOF_INVALID' }) as Error,
    );
    expect(() => multiProofNodes([], 10)).toThrow(
      expect.objectContaining({ code: 'MERKLE_PROOF_INVALID' }) as Error,
    );
  });
});
