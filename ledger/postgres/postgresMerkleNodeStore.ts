import { MerkleDataError } from '../merkle/index.js';
import type { MerkleNodeStore } from '../merkle/index.js';
import { nodeConflict } from '../merkle/memoryMerkleNodeStore.js';
import { checkHash } from '../portable/merkle/argumentChecks.js';
import type { PostgresEventLog } from './postgresEventLog.js';
import { toPostgresStorageError } from './postgresStorageErrors.js';

/**
 * The Merkle node cache in the ledger's schema (`merkle_nodes`): derived data, recomputable from the events and
 * never trusted by `mir verify`. A batch is one transaction: every node or none.
 */
export function createPostgresMerkleNodeStore(log: PostgresEventLog): MerkleNodeStore {
  const db = log.database;
  return {
    get: async (level, index) => {
      const [row] = await db.rows<[Buffer]>(
        `SELECT hash FROM ${db.s}.merkle_nodes WHERE level = $1 AND idx = $2`,
        [level, index],
      );
      return row?.[0];
    },
    putMany: async (nodes) => {
      if (nodes.length === 0) return;
      for (const node of nodes) checkHash('hash', node.hash);
      const client = await db.connect();
      try {
        await client.query('BEGIN');
        // The main query sees the table as it was before the insert: exactly the stored nodes to compare.
        const conflicts = await client.query<[number, number, Buffer, Buffer]>({
          text: `WITH input AS (SELECT * FROM unnest($1::integer[], $2::bigint[], $3::bytea[]) AS t(level, idx, hash)),
                 inserted AS (INSERT INTO ${db.s}.merkle_nodes SELECT * FROM input ON CONFLICT DO NOTHING RETURNING 1)
                 SELECT i.level, i.idx, m.hash, i.hash FROM input i
                 JOIN ${db.s}.merkle_nodes m ON m.level = i.level AND m.idx = i.idx WHERE m.hash <> i.hash LIMIT 1`,
          values: [nodes.map((n) => n.level), nodes.map((n) => n.index), nodes.map((n) => n.hash)],
          rowMode: 'array',
        });
        const conflict = conflicts.rows[0];
        if (conflict !== undefined) {
          const [level, index, stored, hash] = conflict;
          throw nodeConflict({ level, index, hash }, stored);
        }
        await client.query('COMMIT');
        client.release();
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        client.release(true);
        if (error instanceof MerkleDataError) throw error;
        throw toPostgresStorageError(error);
      }
    },
    clear: async () => {
      await db.rows(`DELETE FROM ${db.s}.merkle_nodes`);
    },
  };
}
