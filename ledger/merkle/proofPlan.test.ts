import { describe, expect, it } from 'vitest';
import type { NodeId } from '../portable/merkle/nodeId.js';
import { planConsistency, planInclusion, type ProofPlan } from '../portable/merkle/proofPlan.js';
import { assembleProof } from './proofAssembly.js';
import { eventHashes } from './testing/eventHashes.js';
import { NaiveTree, pathSides, proofShape } from './testing/naiveTree.js';
import { seededRandom } from './testing/seededRandom.js';
import { errorCodeOf } from '../testing/errorCodeOf.js';

const naive = new NaiveTree(eventHashes(20_000));
const fetchFromNaive = (ids: readonly NodeId[]): Buffer[] =>
  ids.map(({ level, index }) => naive.mth(index * 2 ** level, (index + 1) * 2 ** level));
const assemble = (plan: ProofPlan): Buffer[] => assembleProof(plan, fetchFromNaive(plan.nodes));
const random = seededRandom(6962);
const hex = (hashes: readonly Buffer[]): string[] => hashes.map((hash) => hash.toString('hex'));

/** Pairs (a, b) with 0 <= a < b (or <= b) for exhaustive small sizes plus random ones up to `max`. */
function pairs(
  maxExhaustive: number,
  max: number,
  samples: number,
  allowEqual: boolean,
): Array<[number, number]> {
  const result: Array<[number, number]> = [];
  for (let b = 1; b <= maxExhaustive; b++)
    for (let a = 0; allowEqual ? a <= b : a < b; a++) result.push([a, b]);
  for (let sample = 0; sample < samples; sample++) {
    const b = 1 + random.int(max);
    result.push([random.int(allowEqual ? b + 1 : b), b]);
  }
  return result;
}

/** Every planned node is a perfect subtree inside the tree of `size` leaves. */
function expectPerfectNodesWithin(plan: ProofPlan, size: number): void {
  for (const { level, index } of plan.nodes) {
    expect(Number.isSafeInteger(index) && index >= 0 && level >= 0).toBe(true);
    expect((index + 1) * 2 ** level).toBeLessThanOrEqual(size);
  }
}

describe('planInclusion', () => {
  it('given (index, size) pairs up to 1100 and some up to 20000, when assembling, then the proof is the naive PATH', () => {
    for (const [index, size] of [...pairs(80, 1100, 3000, false), ...pairs(0, 20_000, 300, false)]) {
      const plan = planInclusion(index, size);
      expectPerfectNodesWithin(plan, size);
      const proof = assemble(plan);
      expect(proof.length, `${index}/${size}`).toBe(plan.proofLength);
      expect(hex(proof), `${index}/${size}`).toEqual(hex(naive.path(index, size)));
    }
  });

  it('given sizes past 2^32, then nodes stay inside the tree and the length matches the RFC path', () => {
    for (const [index, size] of [
      [0, 2 ** 53 - 1],
      [2 ** 53 - 2, 2 ** 53 - 1],
      [2 ** 40 + 5, 2 ** 41 + 3],
      [2 ** 32, 2 ** 32 + 1],
      [2 ** 32 - 1, 2 ** 33],
    ] as const) {
      const plan = planInclusion(index, size);
      expectPerfectNodesWithin(plan, size);
      expect(plan.proofLength, `${index}/${size}`).toBe(pathSides(index, size).length);
    }
  });

  it('given a leaf whose right edge is incomplete, then the plan folds the right pieces into one element', () => {
    // Leaf 0 of 7: siblings 0/1 and 1/1, then the ephemeral [4, 7) = 4..5 (1/2) and 6 (0/6).
    expect(planInclusion(0, 7)).toEqual({
      nodes: [
        { level: 0, index: 1 },
        { level: 1, index: 1 },
        { level: 1, index: 2 },
        { level: 0, index: 6 },
      ],
      rehash: { begin: 2, end: 4 },
      proofLength: 3,
    });
  });

  it('given index >= size or bad numbers, then typed argument errors', () => {
    expect(errorCodeOf(() => planInclusion(0, 0))).toBe('MERKLE_INDEX_OUT_OF_RANGE');
    expect(errorCodeOf(() => planInclusion(5, 5))).toBe('MERKLE_INDEX_OUT_OF_RANGE');
    expect(errorCodeOf(() => planInclusion(-1, 5))).toBe('MERKLE_INVALID_SIZE');
    expect(errorCodeOf(() => planInclusion(0.5, 5))).toBe('MERKLE_INVALID_SIZE');
    expect(errorCodeOf(() => planInclusion(0, Number.NaN))).toBe('MERKLE_INVALID_SIZE');
    expect(errorCodeOf(() => planInclusion(0, 2 ** 53))).toBe('MERKLE_INVALID_SIZE');
  });
});

describe('planConsistency', () => {
  it('given (size1, size2) pairs up to 1100 and some up to 20000, when assembling, then the proof is the naive PROOF', () => {
    for (const [size1, size2] of [...pairs(80, 1100, 3000, true), ...pairs(0, 20_000, 300, true)]) {
      const plan = planConsistency(size1, size2);
      expectPerfectNodesWithin(plan, size2);
      const proof = assemble(plan);
      expect(proof.length, `${size1}/${size2}`).toBe(plan.proofLength);
      expect(hex(proof), `${size1}/${size2}`).toEqual(hex(naive.proof(size1, size2)));
    }
  });

  it('given equal sizes or an empty first tree, then nothing needs fetching', () => {
    for (const [size1, size2] of [
      [0, 0],
      [0, 9],
      [9, 9],
    ] as const) {
      expect(planConsistency(size1, size2)).toEqual({ nodes: [], rehash: null, proofLength: 0 });
    }
  });

  it('given sizes past 2^32, then nodes stay inside the tree and the length matches the RFC proof', () => {
    for (const [size1, size2] of [
      [1, 2 ** 53 - 1],
      [2 ** 53 - 2, 2 ** 53 - 1],
      [2 ** 40 + 5, 2 ** 41 + 3],
      [2 ** 32, 2 ** 32 + 1],
      [2 ** 32 - 1, 2 ** 33],
    ] as const) {
      const plan = planConsistency(size1, size2);
      expectPerfectNodesWithin(plan, size2);
      expect(plan.proofLength, `${size1}/${size2}`).toBe(proofShape(size1, size2).length);
    }
  });

  it('given size1 > size2 or bad numbers, then typed argument errors', () => {
    expect(errorCodeOf(() => planConsistency(6, 5))).toBe('MERKLE_SIZES_OUT_OF_ORDER');
    expect(errorCodeOf(() => planConsistency(-1, 5))).toBe('MERKLE_INVALID_SIZE');
    expect(errorCodeOf(() => planConsistency(1, Infinity))).toBe('MERKLE_INVALID_SIZE');
  });
});

describe('assembleProof', () => {
  it('given too few or too many hashes, then MERKLE_NODE_COUNT_MISMATCH', () => {
    const plan = planInclusion(0, 7);
    const hashes = fetchFromNaive(plan.nodes);
    expect(errorCodeOf(() => assembleProof(plan, hashes.slice(1)))).toBe('MERKLE_NODE_COUNT_MISMATCH');
    expect(errorCodeOf(() => assembleProof(plan, [...hashes, hashes[0] as Buffer]))).toBe(
      'MERKLE_NODE_COUNT_MISMATCH',
    );
  });

  it('given a hash that is not 32 bytes, then MERKLE_INVALID_HASH_LENGTH', () => {
    const plan = planInclusion(0, 2);
    expect(errorCodeOf(() => assembleProof(plan, [Buffer.alloc(31)]))).toBe('MERKLE_INVALID_HASH_LENGTH');
  });

  it('given fetched hashes, when the caller mutates the proof, then the fetched hashes are unaffected', () => {
    const plan = planInclusion(0, 4);
    const hashes = fetchFromNaive(plan.nodes).map((hash) => Buffer.from(hash));
    for (const element of assembleProof(plan, hashes)) element.fill(0);
    expect(hashes).toEqual(fetchFromNaive(plan.nodes));
  });
});
