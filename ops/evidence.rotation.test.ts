import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  createSqliteMerkleNodeStore,
  ledgerProofReader,
  openSqliteEventLog,
  verifyBundleOnNode,
} from '../ledger/index.js';
import { signCheckpoint, parseCheckpointBody } from '../ledger/checkpoints/note/index.js';
import { loadSigningKey } from '../ledger/keys/index.js';
import { canonicalJson } from '../ledger/portable/canonicalJson.js';
import { splitSignedNote } from '../ledger/portable/note/signedNote.js';
import { testEvents } from '../ledger/testing/testEvents.js';
import { evidenceExporter } from '../projections/index.js';
import { resolveDataDirectory } from './dataDirectory.js';
import { openEmbeddedLedger } from './embeddedLedger.js';
import { rotateSigningKey } from './keyRotation.js';

const RUN_ID = '0194f3a0-0000-7000-8000-00000000a11c';
const root = mkdtempSync(join(tmpdir(), 'mir-bundle-rotation-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('evidence bundles across key rotations', { timeout: 120_000 }, () => {
  it('given a run that spans two rotations, then its bundle carries the key chain and verifies pinned to the first or the last key', async () => {
    const dir = resolveDataDirectory(join(root, 'data'));
    const keys: string[] = [];
    for (let round = 0; round < 3; round++) {
      const { ledger } = await openEmbeddedLedger(dir);
      keys.push(ledger.verifierKey);
      await ledger.log.append(`run-${RUN_ID}`, testEvents(2), round === 0 ? 'no_stream' : 2 * round - 1);
      await ledger.checkpointNow();
      await ledger.close();
      if (round === 0) {
        mkdirSync(join(root, 'kept'), { mode: 0o700 });
        cpSync(join(dir.keysDir, 'checkpoint.ed25519'), join(root, 'kept', 'checkpoint.ed25519'));
      }
      if (round < 2) await rotateSigningKey(dir);
    }
    const log = openSqliteEventLog(dir.ledgerFile, { readOnly: true });
    try {
      const { tree } = ledgerProofReader(log, createSqliteMerkleNodeStore(log.database));
      const bundle = Buffer.from((await evidenceExporter({ log, tree }).runBundle(RUN_ID, null))!.content);
      for (const pinned of [keys[0]!, keys[2]!]) {
        const report = verifyBundleOnNode(bundle, { publicKeys: [pinned] });
        expect(report.failure).toBeNull();
        expect(report.keys.map((key) => key.verifierKey)).toEqual(keys);
        expect(report.keys.map((key) => key.signedCheckpoint)).toEqual([false, false, true]);
        expect(report.keys[0]!.retiredAfter).toBeLessThan(report.keys[1]!.retiredAfter!);
      }
      // The first key, kept by someone after its retirement, signs the bundle's (newer) checkpoint.
      const forged = JSON.parse(bundle.toString()) as { checkpoint: string };
      const body = parseCheckpointBody(splitSignedNote(forged.checkpoint).text);
      const retired = loadSigningKey(join(root, 'kept'));
      forged.checkpoint = signCheckpoint(body, body.origin, retired);
      const report = verifyBundleOnNode(Buffer.from(`${canonicalJson(forged)}\n`), {
        publicKeys: [keys[0]!],
      });
      expect(report.failure).toMatchObject({ code: 'KEY_RETIRED', path: '$.checkpoint' });
    } finally {
      await log.close();
    }
  });
});
