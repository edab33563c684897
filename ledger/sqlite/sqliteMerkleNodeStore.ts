import type { Database } from 'better-sqlite3';
import { checkHash } from '../portable/merkle/argumentChecks.js';
import { nodeConflict } from '../merkle/memoryMerkleNodeStore.js';
import type { MerkleNodeStore, StoredNode } from '../merkle/index.js';
import { asPromise } from '../append/asPromise.js';

/**
 * The Merkle node cache in the ledger file's `merkle_nodes` table: perfect subtrees at level >= TILE_HEIGHT.
 * Derived data (recomputable from the events), so it lives beside them but is never trusted by `mir verify`.
 */
export function createSqliteMerkleNodeStore(db: Database): MerkleNodeStore {
  const select = db
    .prepare<[number, number], Buffer>('SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?')
    .pluck();
  const insert = db.prepare<[number, number, Buffer]>(
    'INSERT OR IGNORE INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)',
  );
  const putAll = db.transaction((nodes: readonly StoredNode[]) => {
    for (const node of nodes) {
      checkHash('hash', node.hash);
      if (insert.run(node.level, node.index, node.hash).changes === 0) {
        const stored = select.get(node.level, node.index)!;
        if (!stored.equals(node.hash)) throw nodeConflict(node, stored);
      }
    }
  });
  const removeAll = db.prepare('DELETE FROM merkle_nodes');
  return {
    get: (level, index) => asPromise(() => select.get(level, index)),
    putMany: (nodes) => asPromise(() => putAll.immediate(nodes)),
    clear: () => asPromise(() => void removeAll.run()),
  };
}
