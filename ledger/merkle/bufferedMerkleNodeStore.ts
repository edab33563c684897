import { checkHash } from '../portable/merkle/argumentChecks.js';
import type { MerkleNodeStore, StoredNode } from './merkleNodeStore.js';
import { nodeConflict, nodeKey } from './memoryMerkleNodeStore.js';

/**
 * Keeps newly completed nodes in memory and writes them to `inner` in large batches: nodes are a cache derived
 * from the events (recomputable at any time), so they need not cost a durable commit at every checkpoint. Reads
 * see pending nodes first; `flush()` writes what is pending. Nodes lost in a crash are simply recomputed.
 * Same contract as any MerkleNodeStore: a batch with a conflicting or malformed node is refused whole.
 */
export class BufferedMerkleNodeStore implements MerkleNodeStore {
  readonly #inner: MerkleNodeStore;
  readonly #flushAt: number;
  readonly #pending = new Map<string, StoredNode>();

  constructor(inner: MerkleNodeStore, flushAt = 4096) {
    this.#inner = inner;
    this.#flushAt = flushAt;
  }

  get(level: number, index: number): Promise<Buffer | undefined> {
    const pending = this.#pending.get(nodeKey(level, index));
    return pending === undefined ? this.#inner.get(level, index) : Promise.resolve(Buffer.from(pending.hash));
  }

  async putMany(nodes: readonly StoredNode[]): Promise<void> {
    const staged = new Map<string, StoredNode>();
    for (const node of nodes) {
      checkHash('hash', node.hash);
      const id = nodeKey(node.level, node.index);
      const stored =
        staged.get(id)?.hash ??
        this.#pending.get(id)?.hash ??
        (await this.#inner.get(node.level, node.index));
      if (stored !== undefined && !stored.equals(node.hash)) throw nodeConflict(node, stored);
      staged.set(id, { level: node.level, index: node.index, hash: Buffer.from(node.hash) });
    }
    for (const [id, node] of staged) this.#pending.set(id, node);
    if (this.#pending.size >= this.#flushAt) await this.flush();
  }

  /** Drops pending nodes and clears `inner`. */
  async clear(): Promise<void> {
    this.#pending.clear();
    await this.#inner.clear();
  }

  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const batch = [...this.#pending.values()];
    await this.#inner.putMany(batch);
    for (const node of batch) this.#pending.delete(nodeKey(node.level, node.index));
  }
}
