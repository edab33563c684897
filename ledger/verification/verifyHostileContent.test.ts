import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVerifierKey, signNote } from '../checkpoints/note/index.js';
import { createSqliteMerkleNodeStore } from '../sqlite/sqliteMerkleNodeStore.js';
import { openSqliteEventLog } from '../sqlite/sqliteEventLog.js';
import { forge, row, verifyTamperedCopy } from '../testing/ledgerTampering.js';
import { testEvents } from '../testing/testEvents.js';
import { newSigner, openTestLedger } from '../testing/testLedger.js';
import { verifyLedger } from './verifyLedger.js';
import type { VerifyLedgerOptions } from './verifyLedger.js';

const signer = newSigner();
let pristine: string;
let origin: string;
let latestNote: string;
/** Positions of the checkpoint events, oldest first; the last one is the ledger's last event. */
let checkpointPositions: number[];

const verifyCopy = (edit: ((db: Database.Database) => void) | null, options: VerifyLedgerOptions = {}) =>
  verifyTamperedCopy(pristine, edit, options);

describe('mir verify against hostile ledger content (hashes recomputed, so only the content is wrong)', () => {
  beforeAll(async () => {
    pristine = mkdtempSync(join(tmpdir(), 'mir-hostile-pristine-'));
    const log = openSqliteEventLog(join(pristine, 'ledger.db'));
    const ledger = await openTestLedger({ log, nodes: createSqliteMerkleNodeStore(log.database), signer });
    origin = ledger.origin;
    for (let round = 0; round < 3; round++) {
      await log.append('run-a', testEvents(40), round === 0 ? 'no_stream' : 'exists');
      latestNote = (await ledger.checkpointNow())!.note;
    }
    checkpointPositions = (await log.readStream('checkpoints')).map((event) => event.position);
    await ledger.close();
  });
  afterAll(() => rmSync(pristine, { recursive: true, force: true }));

  const middle = () => checkpointPositions[1]!;
  const where = () => ({ stream: 'checkpoints', revision: 1, position: middle() });

  it('given the untouched ledger, then it is INTACT with the trusted checkpoint and the pinned key', async () => {
    const report = await verifyCopy(null, {
      trustedCheckpoint: latestNote,
      pinnedKeys: [formatVerifierKey(origin, signer.publicKey)],
    });
    expect(report).toMatchObject({ ok: true, checkpointsVerified: 3 });
  });

  describe('a checkpoint whose data is not a checkpoint', () => {
    const cases: ReadonlyArray<readonly [string, Record<string, unknown> | string, string]> = [
      ['not JSON', 'not json {', 'data'],
      ['null', 'null', 'data'],
      ['an array', '[1,2]', 'data'],
      ['a string tree size', { treeSize: '40' }, 'treeSize'],
      ['a negative tree size', { treeSize: -1 }, 'treeSize'],
      ['no note', { note: undefined }, 'note'],
      ['a numeric note', { note: 7 }, 'note'],
      ['a short root hash', { rootHash: 'abcd' }, 'rootHash'],
      ['a fractional timestamp', { timestamp: 1.5 }, 'timestamp'],
    ];
    for (const [label, change, field] of cases) {
      it(`given checkpoint data that is ${label}, then CHECKPOINT_MALFORMED names the event and the field`, async () => {
        const report = await verifyCopy((db) => {
          const stored = JSON.parse(row(db, middle()).data) as Record<string, unknown>;
          const data = typeof change === 'string' ? change : JSON.stringify({ ...stored, ...change });
          forge(db, middle(), { data });
        });
        expect(report.failure).toMatchObject({ code: 'CHECKPOINT_MALFORMED', ...where() });
        expect(JSON.stringify(report.failure)).toContain(field);
      });
    }

    it('given checkpoint meta that is not JSON, then CHECKPOINT_MALFORMED names the event and "meta"', async () => {
      const report = await verifyCopy((db) => forge(db, middle(), { meta: '{"tenant":' }));
      expect(report.failure).toMatchObject({ code: 'CHECKPOINT_MALFORMED', ...where(), actual: 'meta' });
    });

    it('given another event type in the checkpoints stream, then CHECKPOINT_MALFORMED names it', async () => {
      const report = await verifyCopy((db) => forge(db, middle(), { type: 'ThingHappened' }));
      expect(report.failure).toMatchObject({ code: 'CHECKPOINT_MALFORMED', ...where(), actual: 'type' });
    });

    it('given a validly signed note whose text is not a checkpoint, then CHECKPOINT_MALFORMED, not a signature failure', async () => {
      const report = await verifyCopy((db) => {
        const stored = JSON.parse(row(db, middle()).data) as Record<string, unknown>;
        const note = signNote('not a checkpoint\n', origin, signer);
        forge(db, middle(), { data: JSON.stringify({ ...stored, note }) });
      });
      expect(report.failure).toMatchObject({ code: 'CHECKPOINT_MALFORMED', ...where() });
    });

    it('given a note that is not a signed note at all, then CHECKPOINT_SIGNATURE_INVALID names the event', async () => {
      const report = await verifyCopy((db) => {
        const stored = JSON.parse(row(db, middle()).data) as Record<string, unknown>;
        forge(db, middle(), { data: JSON.stringify({ ...stored, note: 'garbage' }) });
      });
      expect(report.failure).toMatchObject({ code: 'CHECKPOINT_SIGNATURE_INVALID', ...where() });
    });
  });

  describe('a genesis or key registration that is not what it claims', () => {
    const genesisCases: ReadonlyArray<readonly [string, string]> = [
      ['not JSON', '{"origin":'],
      ['null', 'null'],
      ['an origin that is a number', '{"origin":42}'],
    ];
    for (const [label, data] of genesisCases) {
      it(`given genesis data that is ${label}, then GENESIS_INVALID at stream ledger, revision 0, position 0`, async () => {
        const report = await verifyCopy((db) => forge(db, 0, { data }));
        expect(report.failure).toMatchObject({
          code: 'GENESIS_INVALID',
          stream: 'ledger',
          revision: 0,
          position: 0,
        });
      });
    }

    it('given a key registration whose data is null, then the key chain fails there: KEY_ROTATION_INVALID at the registration', async () => {
      const report = await verifyCopy((db) => forge(db, 1, { data: 'null' }));
      expect(report.failure).toMatchObject({
        code: 'KEY_ROTATION_INVALID',
        stream: 'keys',
        revision: 0,
        position: 1,
      });
    });
  });

  describe('checkpoints that vanished', () => {
    const dropLatest = (db: Database.Database) =>
      db.prepare('DELETE FROM events WHERE position = ?').run(checkpointPositions.at(-1)!);

    it('given the latest checkpoint event deleted, when verified with it as the trusted checkpoint, then TRUSTED_CHECKPOINT_MISSING with its tree size', async () => {
      const unpinned = await verifyCopy(dropLatest);
      expect(unpinned).toMatchObject({ ok: true, checkpointsVerified: 2 });
      expect(unpinned.uncoveredEvents).toBeGreaterThan(0);
      const report = await verifyCopy(dropLatest, { trustedCheckpoint: latestNote });
      expect(report.failure).toMatchObject({
        code: 'TRUSTED_CHECKPOINT_MISSING',
        expected: { treeSize: checkpointPositions.at(-1)! },
      });
    });

    it('given the latest checkpoint deleted and an event it covered rewritten, then only the trusted checkpoint catches the rewrite', async () => {
      const rewriteUnprotected = (db: Database.Database) => {
        dropLatest(db);
        forge(db, checkpointPositions.at(-1)! - 1, { data: '{"i":-1}' });
      };
      expect(await verifyCopy(rewriteUnprotected)).toMatchObject({ ok: true });
      const report = await verifyCopy(rewriteUnprotected, { trustedCheckpoint: latestNote });
      expect(report.failure).toMatchObject({ code: 'TRUSTED_CHECKPOINT_MISMATCH' });
    });

    it('given a trusted checkpoint still in the ledger, when only a prefix is verified, then the missing check does not apply', async () => {
      const report = await verifyCopy(null, {
        trustedCheckpoint: latestNote,
        toPosition: checkpointPositions.at(-1)! - 1,
      });
      expect(report.ok).toBe(true);
    });

    it('given a pinned key and a ledger with no checkpoint, then NO_CHECKPOINT_BY_PINNED_KEY', async () => {
      const pinned = formatVerifierKey(origin, signer.publicKey);
      const dropAll = (db: Database.Database) =>
        db.prepare('DELETE FROM events WHERE position >= ?').run(checkpointPositions[0]!);
      expect(await verifyCopy(dropAll)).toMatchObject({ ok: true, checkpointsVerified: 0 });
      const report = await verifyCopy(dropAll, { pinnedKeys: [pinned] });
      expect(report.failure).toMatchObject({ code: 'NO_CHECKPOINT_BY_PINNED_KEY', actual: 0 });
      expect(report.failure?.message).toContain(origin);
    });

    it('given a pinned key and an empty ledger, then NO_CHECKPOINT_BY_PINNED_KEY; without a pinned key it stays INTACT', async () => {
      const log = openSqliteEventLog(join(pristine, 'empty.db'));
      const pinned = formatVerifierKey(origin, signer.publicKey);
      expect((await verifyLedger(log)).ok).toBe(true);
      expect((await verifyLedger(log, { pinnedKeys: [pinned] })).failure).toMatchObject({
        code: 'NO_CHECKPOINT_BY_PINNED_KEY',
      });
      await log.close();
    });
  });
});
