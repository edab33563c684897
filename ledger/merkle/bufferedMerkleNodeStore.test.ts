import { describe, expect, it } from 'vitest';
import { BufferedMerkleNodeStore } from './bufferedMerkleNodeStore.js';
import { createMemoryMerkleNodeStore } from './memoryMerkleNodeStore.js';
import { describeMerkleNodeStoreContract } from './testing/index.js';

describeMerkleNodeStoreContract('buffered over memory (unflushed)', () =>
  Promise.resolve(new BufferedMerkleNodeStore(createMemoryMerkleNodeStore())),
);
describeMerkleNodeStoreContract('buffered over memory (flushing every node)', () =>
  Promise.resolve(new BufferedMerkleNodeStore(createMemoryMerkleNodeStore(), 1)),
);

describe('buffered Merkle node store', () => {
  it('given pending nodes, when flushed, then the inner store holds them and reads still agree', async () => {
    const inner = createMemoryMerkleNodeStore();
    const store = new BufferedMerkleNodeStore(inner, 100);
    await store.putMany([{ level: 8, index: 0, hash: Buffer.alloc(32, 1) }]);
    expect(await inner.get(8, 0)).toBeUndefined();
    expect(await store.get(8, 0)).toEqual(Buffer.alloc(32, 1));
    await store.flush();
    expect(await inner.get(8, 0)).toEqual(Buffer.alloc(32, 1));
  });

  it('given a node already flushed, when a different hash is put for it, then MERKLE_NODE_CONFLICT', async () => {
    const store = new BufferedMerkleNodeStore(createMemoryMerkleNodeStore(), 1);
    await store.putMany([{ level: 9, index: 3, hash: Buffer.alloc(32, 1) }]);
    await expect(store.putMany([{ level: 9, index: 3, hash: Buffer.alloc(32, 2) }])).rejects.toMatchObject({
      code: 'MERKLE_NODE_CONFLICT',
    });
  });
});
