import type { Database } from 'better-sqlite3';
import { MerkleDataError, HASH_SIZE, MerkleArgumentError } from '../merkle/index.js';
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
      if (node.hash.length !== HASH_SIZE) {
        throw new MerkleArgumentError('MERKLE_INVALID_HASH_LENGTH', `node hash must be ${HASH_SIZE} bytes`, {
          level: node.level,
          index: node.index,
          length: node.hash.length,
        });
      }
      if (insert.run(node.level, node.index, node.hash).changes === 0) {
        const stored = select.get(node.level, node.index)!;
        if (!stored.equals(node.hash)) {
          throw new MerkleDataError(
            'MERKLE_NODE_CONFLICT',
            `node (${node.level}, ${node.index}) already stored with another hash`,
            {
              level: node.level,
              index: node.index,
              storedHash: stored.toString('hex'),
              newHash: node.hash.toString('hex'),
            },
          );
        }
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
