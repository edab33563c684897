import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres } from '../../ledger/postgres/testing/testPostgres.js';
import type { TestPostgres } from '../../ledger/postgres/testing/testPostgres.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { openNodeLedger } from './nodeLedger.js';

const bytes = new TextEncoder().encode('a prompt the events name by digest');

describe("a node's blob store matches its ledger store", () => {
  let root: string;
  let postgres: TestPostgres;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mir-node-blobs-'));
    postgres = await startTestPostgres();
  });
  afterAll(async () => {
    await postgres.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('given the SQLite store, then blobs are files under the data directory', async () => {
    const dir = resolveDataDirectory(join(root, 'sqlite'));
    const node = await openNodeLedger(dir, { kind: 'sqlite', file: dir.ledgerFile });
    try {
      const { digest } = await node.blobs.put(bytes);
      const hex = digest.slice('sha256:'.length);
      expect(existsSync(join(dir.root, 'blobs', 'sha256', hex.slice(0, 2), hex.slice(2)))).toBe(true);
      expect(await node.blobs.get(digest)).toEqual(bytes);
    } finally {
      await node.ledger.close();
    }
  });

  it('given a PostgreSQL store, then blobs are rows of its schema, not files', async () => {
    const url = await postgres.createDatabase('nodeblobs');
    const dir = resolveDataDirectory(join(root, 'postgres'));
    const node = await openNodeLedger(dir, { kind: 'postgres', url, schema: 'mir_node' });
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { digest } = await node.blobs.put(bytes);
      const rows = await client.query('SELECT size FROM mir_node.blobs WHERE digest = $1', [digest]);
      expect(rows.rows).toEqual([{ size: String(bytes.byteLength) }]);
      expect(existsSync(join(dir.root, 'blobs'))).toBe(false);
      expect(await node.blobs.get(digest)).toEqual(bytes);
    } finally {
      await client.end();
      await node.ledger.close();
    }
  });
});
