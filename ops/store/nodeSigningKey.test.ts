import { existsSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SIGNING_KEY_FILE_NAME } from '../../ledger/index.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import type { DataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';

describe("a node's checkpoint signing key", () => {
  let dir: DataDirectory;
  beforeEach(() => (dir = resolveDataDirectory(mkdtempSync(join(tmpdir(), 'mir-node-key-')), {})));
  afterEach(() => rmSync(dir.root, { recursive: true, force: true }));

  it('given a new ledger, then the node creates the key and says so; reopened, it signs with the same key', async () => {
    const first = await openEmbeddedLedger(dir);
    await first.ledger.close();
    expect(first).toMatchObject({ keyCreated: true, ledgerCreated: true });
    const again = await openEmbeddedLedger(dir);
    await again.ledger.close();
    expect(again).toMatchObject({ keyCreated: false, ledgerCreated: false });
    expect(again.ledger.verifierKey).toBe(first.ledger.verifierKey);
  });

  it('given a ledger that already has a key, when keys/ holds none, then the node refuses to start and creates no key', async () => {
    const first = await openEmbeddedLedger(dir);
    await first.ledger.close();
    const keyFile = join(dir.keysDir, SIGNING_KEY_FILE_NAME);
    unlinkSync(keyFile);
    const refused: unknown = await openEmbeddedLedger(dir).catch((error: unknown) => error);
    expect(refused).toMatchObject({
      code: 'SIGNING_KEY_NOT_COPIED',
      details: { path: dir.keysDir, verifierKey: first.ledger.verifierKey },
    });
    expect((refused as Error).message).toContain(
      `copy keys/${SIGNING_KEY_FILE_NAME} from a node of the cluster`,
    );
    expect(existsSync(keyFile)).toBe(false);
  });
});
