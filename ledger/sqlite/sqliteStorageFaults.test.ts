import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../../domain/index.js';
import { computeEventHash, GENESIS_HASH } from '../encoding/eventHash.js';
import { testEvent, testEvents } from '../testing/testEvents.js';
import { openSqliteEventLog } from './sqliteEventLog.js';
import type { SqliteEventLog } from './sqliteEventLog.js';

async function refusal(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (error: unknown) => error,
  );
}

/** Checks every stored event's hash and chain link: the ledger is intact. */
async function expectIntact(log: SqliteEventLog): Promise<void> {
  const encoded = await log.readEncoded(0, 100_000);
  const heads = new Map<string, string>();
  encoded.forEach((event, index) => {
    expect(event.position).toBe(index);
    expect(computeEventHash(event)).toBe(event.hash);
    expect(event.prevHash).toBe(heads.get(event.stream) ?? GENESIS_HASH);
    heads.set(event.stream, event.hash);
  });
}

describe('SQLite event log under storage faults', () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mir-faults-'));
    file = join(dir, 'ledger.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given a full disk, when appends fail with STORAGE_FULL, then nothing partial is stored and appends resume once space frees', async () => {
    const limited = openSqliteEventLog(file, { storageLimitBytes: 256 * 1024 });
    let error: unknown;
    let acknowledged = 0;
    for (let i = 0; i < 1000 && error === undefined; i++) {
      await limited
        .append(
          `run-${i % 7}`,
          testEvents(3, () => ({ data: { blob: 'x'.repeat(2000) } })),
          'any',
        )
        .then(
          () => (acknowledged += 3),
          (caught: unknown) => (error = caught),
        );
    }
    expect(hasErrorCode(error, 'STORAGE_FULL')).toBe(true);
    expect((error as { details: object }).details).toMatchObject({ sqliteCode: 'SQLITE_FULL' });
    expect(await limited.headPosition()).toBe(acknowledged - 1);
    await limited.close();

    const reopened = openSqliteEventLog(file);
    await reopened.append('run-0', testEvents(2), 'exists');
    expect(await reopened.headPosition()).toBe(acknowledged + 1);
    await expectIntact(reopened);
    await reopened.close();
  });

  it('given a read-only ledger, when appending, then STORAGE_READONLY and reads still work', async () => {
    const writable = openSqliteEventLog(file);
    await writable.append('run-a', testEvents(2), 'no_stream');
    await writable.close();
    const readOnly = openSqliteEventLog(file, { readOnly: true });
    expect(hasErrorCode(await refusal(readOnly.append('run-a', testEvents(1), 1)), 'STORAGE_READONLY')).toBe(
      true,
    );
    expect(await readOnly.readStream('run-a')).toHaveLength(2);
    await readOnly.close();
  });

  it('given another connection holding the write lock, when appending, then STORAGE_BUSY, and the append succeeds after release', async () => {
    const log = openSqliteEventLog(file, { busyTimeoutMs: 50 });
    await log.append('run-a', testEvents(1), 'no_stream');
    const other = new Database(file);
    other.exec('BEGIN IMMEDIATE');
    const error = await refusal(log.append('run-a', testEvents(1), 0));
    expect(hasErrorCode(error, 'STORAGE_BUSY')).toBe(true);
    other.exec('ROLLBACK');
    other.close();
    await log.append('run-a', testEvents(1), 0);
    expect(await log.headPosition()).toBe(1);
    await expectIntact(log);
    await log.close();
  });

  it('given two connections writing one stream in turn, then each sees the other and the chain stays whole', async () => {
    const a = openSqliteEventLog(file);
    const b = openSqliteEventLog(file);
    let expected: number | 'no_stream' = 'no_stream';
    for (let i = 0; i < 20; i++) {
      const writer = i % 2 === 0 ? a : b;
      expected = (await writer.append('run-shared', [testEvent()], expected)).nextExpectedRevision;
    }
    expect(
      hasErrorCode(await refusal(a.append('run-shared', [testEvent()], 5)), 'WRONG_EXPECTED_REVISION'),
    ).toBe(true);
    await expectIntact(a);
    await Promise.all([a.close(), b.close()]);
  });

  it('given a file that is not a ledger, when opening, then a typed storage error and the file is untouched', () => {
    const other = new Database(file);
    other.exec('CREATE TABLE something (x)');
    other.close();
    expect(() => openSqliteEventLog(file, { readOnly: true })).toThrow(
      expect.objectContaining({ code: 'STORAGE_CORRUPT' }),
    );
  });

  it('when writers append concurrently, then they share transactions (group commit) and every stream check still holds', async () => {
    const log = openSqliteEventLog(file);
    const results = await Promise.allSettled(
      Array.from({ length: 64 }, (_, i) =>
        log.append(i % 2 === 0 ? `run-${i}` : 'run-contended', [testEvent()], 'no_stream'),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(33);
    expect(log.commitStats().batches).toBeLessThan(5);
    expect(log.commitStats().appends).toBe(64);
    await expectIntact(log);
    await log.close();
  });
});
