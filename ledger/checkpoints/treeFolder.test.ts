import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CompactRange, hashLeaf } from '../merkle/index.js';
import type { StoredNode } from '../merkle/index.js';
import { NaiveTree } from '../merkle/testing/index.js';
import { createInThreadFolder, createWorkerFolder } from './treeFolder.js';

const eventHash = (i: number) => createHash('sha256').update(`event ${i}`).digest('hex');
const eventHashes = (n: number) => Array.from({ length: n }, (_, i) => Buffer.from(eventHash(i), 'hex'));

describe('tree folders', () => {
  it('given the same event hashes, when folded on a worker and on this thread, then heads and completed nodes agree with a naive tree', async () => {
    const naive = new NaiveTree(eventHashes(10_000));
    const worker = createWorkerFolder(new CompactRange());
    const local = createInThreadFolder(new CompactRange());
    const workerNodes: StoredNode[] = [];
    const localNodes: StoredNode[] = [];
    for (let i = 0; i < 10_000; i++) {
      worker.append(eventHash(i));
      local.append(eventHash(i));
      if (i === 4999 || i === 9999) {
        const [a, b] = await Promise.all([worker.head(), local.head()]);
        expect([a.size, b.size]).toEqual([i + 1, i + 1]);
        expect(a.root.toString('hex')).toBe(naive.root(i + 1).toString('hex'));
        expect(b.root.toString('hex')).toBe(naive.root(i + 1).toString('hex'));
        workerNodes.push(...a.completed);
        localNodes.push(...b.completed);
      }
    }
    expect(workerNodes).toEqual(localNodes);
    for (const node of workerNodes) {
      const width = 2 ** node.level;
      expect(node.hash.toString('hex')).toBe(
        naive.mth(node.index * width, (node.index + 1) * width).toString('hex'),
      );
    }
    await worker.close();
  });

  it('given a worker resumed from a compact range, when more hashes arrive, then the root is that of the whole sequence', async () => {
    const prefix = new CompactRange();
    for (const hash of eventHashes(777)) prefix.append(hashLeaf(hash));
    const resumed = createWorkerFolder(CompactRange.fromNodes(777, prefix.nodes()));
    for (let i = 777; i < 1500; i++) resumed.append(eventHash(i));
    const head = await resumed.head();
    expect(head.size).toBe(1500);
    expect(head.root.toString('hex')).toBe(new NaiveTree(eventHashes(1500)).root(1500).toString('hex'));
    await resumed.close();
  });
});
