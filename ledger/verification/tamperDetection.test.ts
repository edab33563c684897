import Database from 'better-sqlite3';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncodedEvent } from '../../domain/index.js';
import { signCheckpoint } from '../checkpoints/note/index.js';
import { computeEventHash } from '../encoding/eventHash.js';
import { createSqliteMerkleNodeStore } from '../sqlite/sqliteMerkleNodeStore.js';
import { openSqliteEventLog } from '../sqlite/sqliteEventLog.js';
import { rowToEncoded } from '../append/eventRows.js';
import type { EventRow } from '../append/eventRows.js';
import { rewrite, row, tamper, verifyTamperedCopy } from '../testing/ledgerTampering.js';
import { testEvents } from '../testing/testEvents.js';
import { newSigner, openTestLedger } from '../testing/testLedger.js';
import { formatVerifierKey } from '../checkpoints/note/index.js';
import { verifyLedger } from './verifyLedger.js';
import type { VerifyLedgerOptions } from './verifyLedger.js';

const signer = newSigner();
let pristine: string;
let checkpointSizes: number[];
let savedNote: string;

/** Reorders history: the two rows trade global positions, everything else stays as written. */
function swapPositions(db: Database.Database, a: number, b: number): void {
  const move = db.prepare('UPDATE events SET position = ? WHERE position = ?');
  move.run(-1, a);
  move.run(a, b);
  move.run(b, -1);
}

function nextInStream(db: Database.Database, event: EncodedEvent): EncodedEvent {
  return rowToEncoded(
    db
      .prepare('SELECT * FROM events WHERE stream = ? AND revision = ?')
      .raw()
      .get(event.stream, event.revision + 1) as EventRow,
  );
}

const verifyCopy = (edit: ((db: Database.Database) => void) | null, options: VerifyLedgerOptions = {}) =>
  verifyTamperedCopy(pristine, edit, options);

/** A position whose stream continues soon after, with no checkpoint boundary in between. */
function positionWithNearbySuccessor(file: string): { position: number; next: number } {
  const db = new Database(file, { readonly: true });
  try {
    for (let position = 300; ; position++) {
      const event = row(db, position);
      if (!event.stream.startsWith('run-')) continue;
      const next = nextInStream(db, event);
      if (!checkpointSizes.some((size) => size > position && size <= next.position))
        return { position, next: next.position };
    }
  } finally {
    db.close();
  }
}

describe('mir verify against a tampered SQLite file', () => {
  beforeAll(async () => {
    pristine = mkdtempSync(join(tmpdir(), 'mir-pristine-'));
    const log = openSqliteEventLog(join(pristine, 'ledger.db'));
    const ledger = await openTestLedger({
      log,
      nodes: createSqliteMerkleNodeStore(log.database),
      signer,
      everyEvents: 100,
    });
    for (let round = 0; round < 70; round++) {
      await Promise.all(
        Array.from({ length: 5 }, (_, s) =>
          log.append(`run-${s}`, testEvents(2), round === 0 ? 'no_stream' : 'exists'),
        ),
      );
    }
    savedNote = (await ledger.checkpointNow())!.note;
    await log.append('run-0', testEvents(30), 'exists');
    await ledger.checkpointNow();
    checkpointSizes = (await log.readStream('checkpoints')).map(
      (event) => (event.data as { treeSize: number }).treeSize,
    );
    await ledger.close();
  });
  afterAll(() => rmSync(pristine, { recursive: true, force: true }));

  it('given an untouched ledger, then every hash, chain, root and signature verifies', async () => {
    const report = await verifyCopy(null, { trustedCheckpoint: savedNote });
    expect(report).toMatchObject({
      ok: true,
      failure: null,
      streams: 8,
      checkpointsVerified: checkpointSizes.length,
    });
    expect(report.trustedCheckpoint).not.toBeNull();
    expect(checkpointSizes.length).toBeGreaterThan(5);
  });

  it('when a payload is edited, then EVENT_HASH_MISMATCH names the event', async () => {
    const report = await verifyCopy((db) =>
      db.prepare(`UPDATE events SET data = '{"i":999}' WHERE position = 300`).run(),
    );
    expect(report.failure).toMatchObject({ code: 'EVENT_HASH_MISMATCH', position: 300 });
    expect(report.failure?.stream).toMatch(/^run-/);
    expect(report.eventsVerified).toBe(300);
  });

  it('when a payload is edited and its hash recomputed, then the next event of its stream breaks the chain', async () => {
    const { position, next } = positionWithNearbySuccessor(join(pristine, 'ledger.db'));
    let forgedHash = '';
    const report = await verifyCopy((db) => {
      const event = { ...row(db, position), data: '{"i":-1}' };
      forgedHash = computeEventHash(event);
      rewrite(db, { ...event, hash: forgedHash });
    });
    expect(report.failure).toMatchObject({ code: 'CHAIN_BROKEN', position: next, expected: forgedHash });
  });

  it('when a payload is edited and the rest of its stream re-hashed, then the next checkpoint root no longer matches', async () => {
    const report = await verifyCopy((db) => {
      let event: EncodedEvent | undefined = { ...row(db, 300), data: '{"i":-1}' };
      let prevHash = event.prevHash;
      while (event !== undefined) {
        const hash = computeEventHash({ ...event, prevHash });
        rewrite(db, { ...event, prevHash, hash });
        prevHash = hash;
        const following = db
          .prepare('SELECT * FROM events WHERE stream = ? AND revision = ?')
          .raw()
          .get(event.stream, event.revision + 1) as EventRow | undefined;
        event = following === undefined ? undefined : rowToEncoded(following);
      }
    });
    expect(report.failure).toMatchObject({ code: 'CHECKPOINT_ROOT_MISMATCH', stream: 'checkpoints' });
    const firstCoveringSize = Math.min(...checkpointSizes.filter((size) => size > 300));
    expect(report.eventsVerified).toBe(firstCoveringSize);
  });

  it('given an edit after position P, when only the prefix up to P is verified, then that prefix is intact', async () => {
    const edit = (db: Database.Database) =>
      db.prepare(`UPDATE events SET data = '{"i":999}' WHERE position = 600`).run();
    expect(await verifyCopy(edit, { toPosition: 599 })).toMatchObject({ ok: true, eventsVerified: 600 });
    expect((await verifyCopy(edit, { toPosition: 600 })).failure).toMatchObject({
      code: 'EVENT_HASH_MISMATCH',
      position: 600,
    });
  });

  it('when a row is deleted, then POSITION_GAP names where', async () => {
    const report = await verifyCopy((db) => db.prepare('DELETE FROM events WHERE position = 250').run());
    expect(report.failure).toMatchObject({ code: 'POSITION_GAP', expected: 250, actual: 251 });
  });

  it('when two adjacent rows of different streams are swapped, then the Merkle root at the next checkpoint fails', async () => {
    const report = await verifyCopy((db) => {
      let position = 200;
      while (row(db, position).stream === row(db, position + 1).stream) position++;
      swapPositions(db, position, position + 1);
    });
    expect(report.failure).toMatchObject({ code: 'CHECKPOINT_ROOT_MISMATCH' });
  });

  it('when rows of one stream are swapped, then REVISION_GAP', async () => {
    const report = await verifyCopy((db) => {
      swapPositions(db, 320, nextInStream(db, row(db, 320)).position);
    });
    expect(report.failure).toMatchObject({ code: 'REVISION_GAP', position: 320 });
  });

  it('when the tail is truncated, then only the auditor’s saved checkpoint can tell, and it does: LEDGER_TRUNCATED', async () => {
    const savedSize = checkpointSizes[checkpointSizes.length - 2]!;
    const truncate = (db: Database.Database) =>
      db.prepare('DELETE FROM events WHERE position >= ?').run(savedSize - 10);
    expect((await verifyCopy(truncate)).ok).toBe(true);
    const report = await verifyCopy(truncate, { trustedCheckpoint: savedNote });
    expect(report.failure).toMatchObject({
      code: 'LEDGER_TRUNCATED',
      expected: savedSize,
      actual: savedSize - 10,
    });
  });

  it('when a checkpoint is forged with another key (hash recomputed), then CHECKPOINT_SIGNATURE_INVALID at that checkpoint', async () => {
    const forger = newSigner();
    const report = await verifyCopy((db) => {
      const position = db
        .prepare("SELECT max(position) FROM events WHERE stream = 'checkpoints'")
        .pluck()
        .get() as number;
      const event = row(db, position);
      const data = JSON.parse(event.data) as {
        origin: string;
        treeSize: number;
        rootHash: string;
        timestamp: number;
      };
      const fakeRoot = Buffer.alloc(32, 7);
      const note = signCheckpoint(
        { origin: data.origin, treeSize: data.treeSize, rootHash: fakeRoot, timestamp: data.timestamp },
        data.origin,
        forger,
      );
      const forgedData = JSON.stringify({
        note,
        origin: data.origin,
        rootHash: fakeRoot.toString('hex'),
        timestamp: data.timestamp,
        treeSize: data.treeSize,
      });
      const forged = { ...event, data: forgedData };
      rewrite(db, { ...forged, hash: computeEventHash(forged) });
    });
    expect(report.failure).toMatchObject({ code: 'CHECKPOINT_SIGNATURE_INVALID', stream: 'checkpoints' });
  });

  it('when the auditor pins a key that did not sign this ledger (swapped key), then the first checkpoint fails', async () => {
    const origin = (await verifyCopy(null)).origin!;
    const report = await verifyCopy(null, { pinnedKeys: [formatVerifierKey(origin, newSigner().publicKey)] });
    expect(report.failure).toMatchObject({ code: 'CHECKPOINT_SIGNATURE_INVALID', revision: 0 });
    const pinnedRight = await verifyCopy(null, { pinnedKeys: [formatVerifierKey(origin, signer.publicKey)] });
    expect(pinnedRight).toMatchObject({ ok: true, keySource: 'pinned' });
  });

  it('when an insider truncates and re-grows history with the real key, then only the saved checkpoint catches it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mir-rewrite-'));
    cpSync(pristine, dir, { recursive: true });
    const file = join(dir, 'ledger.db');
    const savedSize = checkpointSizes[checkpointSizes.length - 2]!;
    tamper(file, (db) => {
      db.prepare('DELETE FROM events WHERE position >= ?').run(savedSize - 50);
      db.prepare('DELETE FROM merkle_nodes').run();
    });
    const log = openSqliteEventLog(file);
    const ledger = await openTestLedger({ log, nodes: createSqliteMerkleNodeStore(log.database), signer });
    await log.append('run-rewritten', testEvents(200), 'no_stream');
    await ledger.checkpointNow();
    await ledger.close();
    const readOnly = openSqliteEventLog(file, { readOnly: true });
    expect((await verifyLedger(readOnly)).ok).toBe(true);
    const report = await verifyLedger(readOnly, { trustedCheckpoint: savedNote });
    expect(report.failure).toMatchObject({ code: 'TRUSTED_CHECKPOINT_MISMATCH' });
    await readOnly.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
