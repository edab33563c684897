import { describe, expect, it } from 'vitest';
import { createMemoryMerkleNodeStore } from './memoryMerkleNodeStore.js';
import { TILE_HEIGHT, type StoredNode } from './merkleNodeStore.js';
import { isMerkleArgumentError } from '../portable/merkle/merkleErrors.js';
import { MerkleTreeBuilder } from './merkleTreeBuilder.js';
import { MerkleTreeReader } from './merkleTreeReader.js';
import { eventHashes } from './testing/eventHashes.js';
import { createMemoryLeafHashSource } from './testing/memoryLeafHashSource.js';
import { NaiveTree } from './testing/naiveTree.js';
import { EMPTY_ROOT } from './treeHashing.js';

const events = eventHashes(3000);
const naive = new NaiveTree(events);
const hex = (hashes: readonly Buffer[]): string[] => hashes.map((hash) => hash.toString('hex'));

/** Every perfect subtree at level >= TILE_HEIGHT inside [0, size), as "level/index". */
function persistableNodes(size: number): string[] {
  const ids: string[] = [];
  for (let level = TILE_HEIGHT; 2 ** level <= size; level++) {
    for (let index = 0; (index + 1) * 2 ** level <= size; index++) ids.push(`${level}/${index}`);
  }
  return ids.sort();
}

function expectNaiveHashes(nodes: readonly StoredNode[]): void {
  for (const { level, index, hash } of nodes) {
    expect(hash.equals(naive.mth(index * 2 ** level, (index + 1) * 2 ** level)), `${level}/${index}`).toBe(
      true,
    );
  }
}

describe('MerkleTreeBuilder', () => {
  it('given no events, then the root is EMPTY_ROOT and nothing is drained', () => {
    const builder = new MerkleTreeBuilder();
    expect(builder.root()).toEqual(EMPTY_ROOT);
    expect(builder.drainCompletedNodes()).toEqual([]);
  });

  it('given 3000 events drained at uneven points, then each persistable node is drained exactly once with its hash', () => {
    const builder = new MerkleTreeBuilder();
    const drained: StoredNode[] = [];
    events.forEach((event, position) => {
      builder.append(event);
      if (position % 333 === 0) drained.push(...builder.drainCompletedNodes());
    });
    drained.push(...builder.drainCompletedNodes());
    expect(drained.map(({ level, index }) => `${level}/${index}`).sort()).toEqual(persistableNodes(3000));
    expectNaiveHashes(drained);
    expect(builder.size).toBe(3000);
    expect(builder.root()).toEqual(naive.root(3000));
  });

  it('given drained nodes persisted to a store, when proving, then proofs equal those of a reader with an empty store', async () => {
    const builder = new MerkleTreeBuilder();
    const store = createMemoryMerkleNodeStore();
    for (const event of events) builder.append(event);
    await store.putMany(builder.drainCompletedNodes());
    const stored = new MerkleTreeReader(createMemoryLeafHashSource(events), store);
    const recomputed = new MerkleTreeReader(
      createMemoryLeafHashSource(events),
      createMemoryMerkleNodeStore(),
    );
    for (const [first, size] of [
      [0, 3000],
      [2999, 3000],
      [1500, 2049],
      [255, 256],
      [700, 1025],
    ] as const) {
      expect(hex(await stored.inclusionProof(first, size))).toEqual(
        hex(await recomputed.inclusionProof(first, size)),
      );
      expect(hex(await stored.consistencyProof(first + 1, size))).toEqual(
        hex(await recomputed.consistencyProof(first + 1, size)),
      );
      expect(await stored.rootAt(size)).toEqual(await recomputed.rootAt(size));
    }
  });

  it('given a builder resumed from a reader after a restart, then it drains only nodes completed after the resume point', async () => {
    const first = new MerkleTreeBuilder();
    const store = createMemoryMerkleNodeStore();
    for (const event of events.slice(0, 1300)) first.append(event);
    await store.putMany(first.drainCompletedNodes());
    const reader = new MerkleTreeReader(createMemoryLeafHashSource(events), store);
    const resumed = new MerkleTreeBuilder(await reader.compactRangeAt(1300));
    expect(resumed.compactRange().nodes()).toEqual(first.compactRange().nodes());
    for (const event of events.slice(1300)) resumed.append(event);
    const later = resumed.drainCompletedNodes();
    expectNaiveHashes(later);
    const before = persistableNodes(1300);
    expect(later.map(({ level, index }) => `${level}/${index}`).sort()).toEqual(
      persistableNodes(3000).filter((id) => !before.includes(id)),
    );
    expect(resumed.root()).toEqual(naive.root(3000));
  });

  it('given an event hash that is not 32 bytes, then MERKLE_INVALID_HASH_LENGTH and nothing is appended', () => {
    const builder = new MerkleTreeBuilder();
    let code: string | undefined;
    try {
      builder.append(Buffer.alloc(20));
    } catch (error) {
      code = isMerkleArgumentError(error) ? error.code : 'unexpected';
    }
    expect(code).toBe('MERKLE_INVALID_HASH_LENGTH');
    expect(builder.size).toBe(0);
  });
});
