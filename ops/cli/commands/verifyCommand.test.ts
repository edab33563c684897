import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqliteEventLog } from '../../../ledger/index.js';
import { forge, tamper } from '../../../ledger/testing/ledgerTampering.js';
import { testEvents } from '../../../ledger/testing/testEvents.js';
import { resolveDataDirectory } from '../../dataDirectory.js';
import { openEmbeddedLedger } from '../../embeddedLedger.js';
import { runMir } from '../testing/mirProcess.js';

const mir = (...args: string[]) => runMir(args);

// Each case starts the real CLI in child processes; on a loaded machine that takes seconds per run.
describe(
  'mir verify on damaged ledgers (exit 1 and a precise failure, never exit 2)',
  { timeout: 180_000 },
  () => {
    let root: string;
    let dataDir: string;
    let keyFile: string;
    let savedCheckpoint: string;
    let checkpointPositions: number[];

    beforeAll(async () => {
      root = mkdtempSync(join(tmpdir(), 'mir-verify-cli-'));
      dataDir = join(root, 'data');
      const { ledger } = await openEmbeddedLedger(resolveDataDirectory(dataDir));
      await ledger.log.append('run-a', testEvents(30), 'no_stream');
      await ledger.checkpointNow();
      await ledger.log.append('run-a', testEvents(30), 'exists');
      await ledger.checkpointNow();
      checkpointPositions = (await ledger.log.readStream('checkpoints')).map((event) => event.position);
      await ledger.close();
      keyFile = join(root, 'mir.pub');
      writeFileSync(keyFile, (await mir('keys', 'public', '--data', dataDir)).stdout);
      savedCheckpoint = join(root, 'saved.checkpoint');
      writeFileSync(savedCheckpoint, (await mir('checkpoint', '--data', dataDir)).stdout);
    }, 180_000);
    afterAll(() => rmSync(root, { recursive: true, force: true }));

    /** A copy of the data directory with its ledger.db edited behind MIR's back. */
    function damagedCopy(name: string, edit: Parameters<typeof tamper>[1]): string {
      const copy = join(root, name);
      cpSync(dataDir, copy, { recursive: true });
      tamper(join(copy, 'ledger.db'), edit);
      return copy;
    }

    it('given checkpoint data that is not JSON (hash recomputed), then exit 1 naming the checkpoint, not STORAGE_IO', async () => {
      const position = checkpointPositions[0]!;
      const copy = damagedCopy('bad-checkpoint', (db) => forge(db, position, { data: 'not json' }));
      const result = await mir('verify', '--data', copy);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/FAILED CHECKPOINT_MALFORMED: checkpoint event data is not JSON/);
      expect(result.stdout).toContain(`at stream checkpoints, revision 0, position ${position}`);
      expect(result.stderr).not.toMatch(/STORAGE_IO/);
    });

    it('given genesis data that is null, then exit 1 GENESIS_INVALID at stream ledger, revision 0, position 0', async () => {
      const copy = damagedCopy('bad-genesis', (db) => forge(db, 0, { data: 'null' }));
      const result = await mir('verify', '--data', copy, '--json');
      expect(result.code).toBe(1);
      expect(JSON.parse(result.stdout)).toMatchObject({
        ok: false,
        failure: { code: 'GENESIS_INVALID', stream: 'ledger', revision: 0, position: 0 },
      });
    });

    it('given the latest checkpoint event deleted, when verified with it as the trusted checkpoint, then exit 1 TRUSTED_CHECKPOINT_MISSING with its tree size', async () => {
      const latest = checkpointPositions.at(-1)!;
      const copy = damagedCopy('no-latest', (db) =>
        db.prepare('DELETE FROM events WHERE position = ?').run(latest),
      );
      expect((await mir('verify', '--data', copy)).code).toBe(0);
      const result = await mir('verify', '--data', copy, '--trusted-checkpoint', savedCheckpoint);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        new RegExp(`FAILED TRUSTED_CHECKPOINT_MISSING: the trusted checkpoint of tree size ${latest} `),
      );
    });

    it('given an empty ledger, when verified with --public-key-file, then exit 1 NO_CHECKPOINT_BY_PINNED_KEY', async () => {
      const empty = join(root, 'empty');
      mkdirSync(empty);
      await openSqliteEventLog(join(empty, 'ledger.db')).close();
      expect((await mir('verify', '--data', empty)).code).toBe(0);
      const result = await mir('verify', '--data', empty, '--public-key-file', keyFile);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(
        /FAILED NO_CHECKPOINT_BY_PINNED_KEY: no verified checkpoint in the ledger is signed by the pinned key mir\.ledger\//,
      );
    });
  },
);
