import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { MerkleNodeStore } from '../merkleNodeStore.js';
import { isMerkleArgumentError, isMerkleDataError } from '../../portable/merkle/merkleErrors.js';

/** Names of the contract's cases, for the declared skip list. */
export type MerkleNodeStoreContractCase =
  | 'missing node'
  | 'round trip'
  | 'empty batch'
  | 'idempotent put'
  | 'conflicting put'
  | 'atomic batch'
  | 'malformed hash'
  | 'large positions'
  | 'returned buffers'
  | 'clear';

export interface MerkleNodeStoreContractOptions {
  /** Cases this adapter cannot honour, each with the reason (printed in the skipped test's name). */
  readonly skip?: Readonly<Partial<Record<MerkleNodeStoreContractCase, string>>>;
}

/**
 * The behaviour every MerkleNodeStore adapter must share (see the port's doc comment). Call it from the
 * adapter's spec with a factory returning a fresh, empty store per case.
 */
export function describeMerkleNodeStoreContract(
  adapterName: string,
  createStore: () => Promise<MerkleNodeStore>,
  options: MerkleNodeStoreContractOptions = {},
): void {
  const test = (name: MerkleNodeStoreContractCase, title: string, body: () => Promise<void>): void => {
    const reason = options.skip?.[name];
    if (reason === undefined) it(`${name}: ${title}`, body);
    else it.skip(`${name}: ${title} (skipped: ${reason})`, body);
  };

  describe(`MerkleNodeStore contract: ${adapterName}`, () => {
    test('clear', 'given stored nodes, when cleared, then none is left and others can be put', async () => {
      const store = await createStore();
      await store.putMany([node(8, 0), node(9, 0)]);
      await store.clear();
      expect(await store.get(8, 0)).toBeUndefined();
      expect(await store.get(9, 0)).toBeUndefined();
      await store.putMany([{ level: 8, index: 0, hash: hashOf(0, 0) }]);
      expect(await store.get(8, 0)).toEqual(hashOf(0, 0));
    });

    test('missing node', 'given an empty store, when getting a node, then it is undefined', async () => {
      const store = await createStore();
      expect(await store.get(8, 0)).toBeUndefined();
    });

    test('round trip', 'given stored nodes, when getting each, then its hash comes back', async () => {
      const store = await createStore();
      await store.putMany([node(8, 0), node(8, 1), node(9, 0)]);
      expect(await store.get(8, 1)).toEqual(hashOf(8, 1));
      expect(await store.get(9, 0)).toEqual(hashOf(9, 0));
      expect(await store.get(9, 1)).toBeUndefined();
    });

    test('empty batch', 'given a store, when putting no nodes, then nothing changes', async () => {
      const store = await createStore();
      await store.putMany([]);
      expect(await store.get(8, 0)).toBeUndefined();
    });

    test(
      'idempotent put',
      'given a stored node, when putting the same hash again, then it is accepted',
      async () => {
        const store = await createStore();
        await store.putMany([node(8, 3)]);
        await store.putMany([node(8, 3), node(8, 4)]);
        expect(await store.get(8, 3)).toEqual(hashOf(8, 3));
        expect(await store.get(8, 4)).toEqual(hashOf(8, 4));
      },
    );

    test(
      'conflicting put',
      'given a stored node, when putting another hash, then MERKLE_NODE_CONFLICT',
      async () => {
        const store = await createStore();
        await store.putMany([node(8, 3)]);
        const error: unknown = await store
          .putMany([{ level: 8, index: 3, hash: hashOf(0, 0) }])
          .catch((e: unknown) => e);
        expect(isMerkleDataError(error) && error.code).toBe('MERKLE_NODE_CONFLICT');
        expect(isMerkleDataError(error) && error.details).toMatchObject({ level: 8, index: 3 });
        expect(await store.get(8, 3)).toEqual(hashOf(8, 3));
      },
    );

    test(
      'atomic batch',
      'given a batch with one conflict, when putting it, then none of it is stored',
      async () => {
        const store = await createStore();
        await store.putMany([node(8, 3)]);
        const conflicting = [node(8, 2), { level: 8, index: 3, hash: hashOf(0, 0) }, node(8, 4)];
        await expect(store.putMany(conflicting)).rejects.toSatisfy(isMerkleDataError);
        expect(await store.get(8, 2)).toBeUndefined();
        expect(await store.get(8, 4)).toBeUndefined();
      },
    );

    test(
      'malformed hash',
      'given a 31-byte hash, when putting it, then MERKLE_INVALID_HASH_LENGTH',
      async () => {
        const store = await createStore();
        const error: unknown = await store
          .putMany([{ level: 8, index: 0, hash: Buffer.alloc(31) }])
          .catch((e: unknown) => e);
        expect(isMerkleArgumentError(error) && error.code).toBe('MERKLE_INVALID_HASH_LENGTH');
        expect(await store.get(8, 0)).toBeUndefined();
      },
    );

    test('large positions', 'given nodes far out in a 2^52-leaf tree, then they round trip', async () => {
      const store = await createStore();
      const far = [node(8, 2 ** 44 - 1), node(52, 0), node(30, 2 ** 22 + 5)];
      await store.putMany(far);
      for (const { level, index, hash } of far) expect(await store.get(level, index)).toEqual(hash);
    });

    test(
      'returned buffers',
      'given a stored node, when the caller mutates buffers, then the store is unaffected',
      async () => {
        const store = await createStore();
        const put = node(8, 7);
        await store.putMany([put]);
        put.hash.fill(0);
        const got = await store.get(8, 7);
        got?.fill(0);
        expect(await store.get(8, 7)).toEqual(hashOf(8, 7));
      },
    );
  });
}

function node(level: number, index: number): { level: number; index: number; hash: Buffer } {
  return { level, index, hash: hashOf(level, index) };
}

function hashOf(level: number, index: number): Buffer {
  return createHash('sha256').update(`node ${level}/${index}`).digest();
}
