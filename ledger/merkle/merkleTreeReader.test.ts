import { describe, expect, it } from 'vitest';
import type { LeafHashSource } from './leafHashSource.js';
import { createMemoryMerkleNodeStore } from './memoryMerkleNodeStore.js';
import { TILE_HEIGHT, type MerkleNodeStore } from './merkleNodeStore.js';
import { MerkleTreeBuilder } from './merkleTreeBuilder.js';
import { MerkleTreeReader } from './merkleTreeReader.js';
import { verifyConsistency, verifyInclusion } from './proofVerify.js';
import { eventHashes } from './testing/eventHashes.js';
import { createMemoryLeafHashSource } from './testing/memoryLeafHashSource.js';
import { NaiveTree } from './testing/naiveTree.js';
import { seededRandom } from './testing/seededRandom.js';
import { EMPTY_ROOT, hashLeaf } from './treeHashing.js';
import { asyncErrorCodeOf } from '../testing/errorCodeOf.js';

const events = eventHashes(6000);
const naive = new NaiveTree(events);
const random = seededRandom(256);
const hex = (hashes: readonly Buffer[]): string[] => hashes.map((hash) => hash.toString('hex'));

// Sizes around tile boundaries (TILE_HEIGHT = 8: 256 leaves) plus a few random larger ones.
const sizes = [1, 2, 3, 7, 8, 255, 256, 257, 300, 511, 512, 513, 767, 768, 1023, 1024, 1025, 1100];
const largeSizes = Array.from({ length: 4 }, () => 1101 + random.int(6000 - 1101));

/** A store holding every persistable node of the whole 6000-event tree, drained from a builder. */
async function populatedStore(): Promise<MerkleNodeStore> {
  const builder = new MerkleTreeBuilder();
  const store = createMemoryMerkleNodeStore();
  for (const event of events) {
    builder.append(event);
    if (builder.size % 1000 === 0) await store.putMany(builder.drainCompletedNodes());
  }
  await store.putMany(builder.drainCompletedNodes());
  return store;
}

const stores: Array<[string, () => Promise<MerkleNodeStore>]> = [
  ['an empty node store (recomputation)', () => Promise.resolve(createMemoryMerkleNodeStore())],
  ['a node store filled by the builder', populatedStore],
];

describe.each(stores)('MerkleTreeReader over %s', (_name, createStore) => {
  it('given sizes crossing tile boundaries, when reading roots, then they match the naive MTH', async () => {
    const reader = new MerkleTreeReader(createMemoryLeafHashSource(events), await createStore());
    expect(await reader.rootAt(0)).toEqual(EMPTY_ROOT);
    for (const size of [...sizes, ...largeSizes, 6000]) {
      expect((await reader.rootAt(size)).toString('hex'), `size ${size}`).toBe(
        naive.root(size).toString('hex'),
      );
    }
  });

  it('given many (index, size), when reading inclusion proofs, then they equal the naive PATH and verify', async () => {
    const reader = new MerkleTreeReader(createMemoryLeafHashSource(events), await createStore());
    for (const size of [...sizes, ...largeSizes]) {
      for (const index of new Set([0, size - 1, size >> 1, random.int(size), random.int(size)])) {
        const proof = await reader.inclusionProof(index, size);
        expect(hex(proof), `${index}/${size}`).toEqual(hex(naive.path(index, size)));
        verifyInclusion(hashLeaf(events[index] as Buffer), index, size, proof, naive.root(size));
      }
    }
  });

  it('given many (size1, size2), when reading consistency proofs, then they equal the naive PROOF and verify', async () => {
    const reader = new MerkleTreeReader(createMemoryLeafHashSource(events), await createStore());
    for (const size2 of [...sizes, ...largeSizes]) {
      for (const size1 of new Set([0, 1, size2 - 1, size2, size2 >> 1, random.int(size2 + 1)])) {
        const proof = await reader.consistencyProof(size1, size2);
        expect(hex(proof), `${size1}/${size2}`).toEqual(hex(naive.proof(size1, size2)));
        verifyConsistency(size1, size2, proof, naive.root(size1), naive.root(size2));
      }
    }
  });

  it('given nodes at and above the tile height, when reading them one by one, then they match the naive MTH', async () => {
    const reader = new MerkleTreeReader(createMemoryLeafHashSource(events), await createStore());
    for (const [level, index] of [
      [0, 5],
      [7, 3],
      [8, 0],
      [8, 22],
      [9, 5],
      [12, 0],
    ] as const) {
      const width = 2 ** level;
      expect(await reader.nodeHash(level, index)).toEqual(naive.mth(index * width, (index + 1) * width));
    }
  });

  it('given a size, when reading its compact range, then it resumes a builder that reaches the naive roots', async () => {
    const reader = new MerkleTreeReader(createMemoryLeafHashSource(events), await createStore());
    const builder = new MerkleTreeBuilder(await reader.compactRangeAt(777));
    for (const event of events.slice(777, 1100)) builder.append(event);
    expect(builder.root()).toEqual(naive.root(1100));
  });
});

describe('MerkleTreeReader reads', () => {
  it('given a populated store, when reading proofs, then low nodes share at most two leaf reads of one tile each', async () => {
    const leaves = createMemoryLeafHashSource(events);
    const reader = new MerkleTreeReader(leaves, await populatedStore());
    for (const [first, size] of [
      [0, 6000],
      [5999, 6000],
      [1234, 5000],
      [300, 1100],
      [257, 513],
    ] as const) {
      for (const read of [
        () => reader.inclusionProof(first, size),
        () => reader.consistencyProof(first + 1, size),
      ]) {
        const before = leaves.reads.length;
        await read();
        const reads = leaves.reads.slice(before);
        expect(reads.length, `${first}/${size}`).toBeLessThanOrEqual(2);
        for (const { start, end } of reads) expect(end - start).toBeLessThanOrEqual(2 ** TILE_HEIGHT);
      }
    }
  });

  it('given a tampered stored node, when proving through it, then verification fails', async () => {
    const store = await populatedStore();
    const tampered = Buffer.from(naive.mth(0, 256));
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    const forged: MerkleNodeStore = {
      get: (level, index) =>
        level === 8 && index === 0 ? Promise.resolve(tampered) : store.get(level, index),
      putMany: (nodes) => store.putMany(nodes),
      clear: () => store.clear(),
    };
    const reader = new MerkleTreeReader(createMemoryLeafHashSource(events), forged);
    const proof = await reader.inclusionProof(300, 1100);
    expect(() =>
      verifyInclusion(hashLeaf(events[300] as Buffer), 300, 1100, proof, naive.root(1100)),
    ).toThrow(expect.objectContaining({ code: 'MERKLE_ROOT_MISMATCH' }));
  });

  it('given storage returning a short hash, then MERKLE_HASH_MALFORMED', async () => {
    const store = createMemoryMerkleNodeStore();
    const broken: MerkleNodeStore = {
      get: () => Promise.resolve(Buffer.alloc(31)),
      putMany: (n) => store.putMany(n),
      clear: () => store.clear(),
    };
    const reader = new MerkleTreeReader(createMemoryLeafHashSource(events), broken);
    expect(await asyncErrorCodeOf(() => reader.nodeHash(8, 0))).toBe('MERKLE_HASH_MALFORMED');
    const shortEvents: LeafHashSource = {
      eventHashes: (start, end) => Promise.resolve(Array(end - start).fill(Buffer.alloc(31))),
    };
    const leafReader = new MerkleTreeReader(shortEvents, store);
    expect(await asyncErrorCodeOf(() => leafReader.rootAt(3))).toBe('MERKLE_HASH_MALFORMED');
  });

  it('given fewer events than asked for, then MERKLE_LEAVES_MISSING', async () => {
    const reader = new MerkleTreeReader(
      createMemoryLeafHashSource(events.slice(0, 100)),
      createMemoryMerkleNodeStore(),
    );
    expect(await asyncErrorCodeOf(() => reader.rootAt(101))).toBe('MERKLE_LEAVES_MISSING');
  });

  it('given bad indexes or sizes, then typed argument errors', async () => {
    const reader = new MerkleTreeReader(createMemoryLeafHashSource(events), createMemoryMerkleNodeStore());
    expect(await asyncErrorCodeOf(() => reader.inclusionProof(5, 5))).toBe('MERKLE_INDEX_OUT_OF_RANGE');
    expect(await asyncErrorCodeOf(() => reader.consistencyProof(6, 5))).toBe('MERKLE_SIZES_OUT_OF_ORDER');
    expect(await asyncErrorCodeOf(() => reader.rootAt(-1))).toBe('MERKLE_INVALID_SIZE');
    expect(await asyncErrorCodeOf(() => reader.nodeHash(60, 0))).toBe('MERKLE_INVALID_SIZE');
  });
});
