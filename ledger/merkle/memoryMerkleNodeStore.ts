import { checkHash } from '../portable/merkle/argumentChecks.js';
import type { MerkleNodeStore, StoredNode } from './merkleNodeStore.js';
import { MerkleDataError } from '../portable/merkle/merkleErrors.js';

/** A MerkleNodeStore held in a Map: for tests and for tools that rebuild a tree in one process. */
export function createMemoryMerkleNodeStore(): MerkleNodeStore {
  const hashes = new Map<string, Buffer>();

  /** Checks the whole batch before anything is stored, so a rejected batch leaves no trace. */
  const stage = (nodes: readonly StoredNode[]): Map<string, Buffer> => {
    const staged = new Map<string, Buffer>();
    for (const node of nodes) {
      checkHash('hash', node.hash);
      const id = nodeKey(node.level, node.index);
      const stored = staged.get(id) ?? hashes.get(id);
      if (stored !== undefined && !stored.equals(node.hash)) throw nodeConflict(node, stored);
      staged.set(id, Buffer.from(node.hash));
    }
    return staged;
  };

  return {
    get(level, index) {
      const stored = hashes.get(nodeKey(level, index));
      return Promise.resolve(stored === undefined ? undefined : Buffer.from(stored));
    },
    putMany(nodes) {
      // A throw inside the executor becomes the rejection.
      return new Promise<void>((resolve) => {
        for (const [id, hash] of stage(nodes)) hashes.set(id, hash);
        resolve();
      });
    },
    clear() {
      hashes.clear();
      return Promise.resolve();
    },
  };
}

export function nodeKey(level: number, index: number): string {
  return `${level}/${index}`;
}

export function nodeConflict(node: StoredNode, stored: Buffer): MerkleDataError {
  return new MerkleDataError(
    'MERKLE_NODE_CONFLICT',
    `node ${node.level}/${node.index} already has another hash`,
    {
      level: node.level,
      index: node.index,
      storedHash: stored.toString('hex'),
      newHash: node.hash.toString('hex'),
    },
  );
}
