import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hasErrorCode } from '../domain/index.js';
import { openCheckpoint, parseVerifierKey } from './checkpoints/note/index.js';
import { createMemoryEventLog } from './memory/memoryEventLog.js';
import { createMemoryMerkleNodeStore, hashLeaf, verifyConsistency, verifyInclusion } from './merkle/index.js';
import { createSqliteMerkleNodeStore } from './sqlite/sqliteMerkleNodeStore.js';
import { openSqliteEventLog } from './sqlite/sqliteEventLog.js';
import { newSigner, openTestLedger } from './testing/testLedger.js';
import { testEvents } from './testing/testEvents.js';

describe('ledger service', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'mir-ledger-svc-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('given a new log, when opened, then it records its genesis and registers the signing key', async () => {
    const ledger = await openTestLedger({ log: createMemoryEventLog() });
    const events = await ledger.log.readAll();
    expect(events.map((e) => `${e.stream}:${e.type}`)).toEqual([
      'ledger:LedgerInitialized',
      'keys:SigningKeyRegistered',
    ]);
    expect(events[0]!.data).toMatchObject({ origin: ledger.origin });
    expect(events[1]!.data).toMatchObject({ verifierKey: ledger.verifierKey });
    expect(parseVerifierKey(ledger.verifierKey).name).toBe(ledger.origin);
    await ledger.close();
  });

  it('when N events are appended, then a checkpoint signed by the registered key covers them', async () => {
    const ledger = await openTestLedger({ log: createMemoryEventLog(), everyEvents: 100 });
    for (let i = 0; i < 5; i++) await ledger.log.append(`run-${i}`, testEvents(40), 'no_stream');
    const signed = await ledger.checkpointNow();
    const checkpoints = await ledger.log.readStream('checkpoints');
    expect(checkpoints.length).toBeGreaterThanOrEqual(2);
    // Every non-checkpoint event is covered, and the latest checkpoint covers exactly what preceded it.
    expect(signed!.checkpoint.treeSize).toBeGreaterThanOrEqual(202);
    const after = await ledger.log.readAll({ fromPosition: signed!.checkpoint.treeSize });
    expect(after.every((event) => event.stream === 'checkpoints')).toBe(true);
    const opened = openCheckpoint(signed!.note, [parseVerifierKey(ledger.verifierKey)]);
    expect(opened.rootHash.equals(signed!.checkpoint.rootHash)).toBe(true);
    await ledger.close();
  });

  it('given a checkpoint, then inclusion proofs of its events and consistency proofs to later checkpoints verify', async () => {
    const log = openSqliteEventLog(join(dir, 'ledger.db'));
    const ledger = await openTestLedger({ log, nodes: createSqliteMerkleNodeStore(log.database) });
    for (let i = 0; i < 6; i++) await log.append(`run-${i}`, testEvents(100), 'no_stream');
    const first = (await ledger.checkpointNow())!.checkpoint;
    for (let i = 0; i < 6; i++) await log.append(`run-${i}`, testEvents(77), 'exists');
    const second = (await ledger.checkpointNow())!.checkpoint;
    expect(second.treeSize).toBeGreaterThan(first.treeSize);

    const encoded = await log.readEncoded(0, second.treeSize);
    for (const position of [0, 1, 255, 256, 300, first.treeSize - 1]) {
      const proof = await ledger.inclusionProof(position, first.treeSize);
      const leaf = hashLeaf(Buffer.from(encoded[position]!.hash, 'hex'));
      expect(() => verifyInclusion(leaf, position, first.treeSize, proof, first.rootHash)).not.toThrow();
      expect(() => verifyInclusion(leaf, position, first.treeSize, proof, second.rootHash)).toThrow();
    }
    const consistency = await ledger.consistencyProof(first.treeSize, second.treeSize);
    expect(() =>
      verifyConsistency(first.treeSize, second.treeSize, consistency, first.rootHash, second.rootHash),
    ).not.toThrow();
    await expect(ledger.inclusionProof(0, second.treeSize + 10)).rejects.toMatchObject({
      code: 'INVALID_READ',
    });
    await ledger.close();
  });

  it('given a stored ledger, when reopened, then the tree resumes where it stopped and later checkpoints stay consistent', async () => {
    const signer = newSigner();
    const file = join(dir, 'ledger.db');
    const log1 = openSqliteEventLog(file);
    const ledger1 = await openTestLedger({
      log: log1,
      nodes: createSqliteMerkleNodeStore(log1.database),
      signer,
    });
    await log1.append('run-a', testEvents(700), 'no_stream');
    const before = (await ledger1.checkpointNow())!.checkpoint;
    await ledger1.close();

    const log2 = openSqliteEventLog(file);
    const ledger2 = await openTestLedger({
      log: log2,
      nodes: createSqliteMerkleNodeStore(log2.database),
      signer,
    });
    expect(ledger2.origin).toBe(before.origin);
    expect(ledger2.latestCheckpoint()!.checkpoint.treeSize).toBe(before.treeSize);
    await log2.append('run-a', testEvents(300), 'exists');
    const after = (await ledger2.checkpointNow())!.checkpoint;
    const proof = await ledger2.consistencyProof(before.treeSize, after.treeSize);
    expect(() =>
      verifyConsistency(before.treeSize, after.treeSize, proof, before.rootHash, after.rootHash),
    ).not.toThrow();
    await ledger2.close();
  });

  it('given a ledger, when reopened with a different signing key, then it refuses to start', async () => {
    const file = join(dir, 'ledger.db');
    const log1 = openSqliteEventLog(file);
    await (await openTestLedger({ log: log1 })).close();
    const log2 = openSqliteEventLog(file);
    const refusal = await openTestLedger({ log: log2 }).catch((error: unknown) => error);
    expect(hasErrorCode(refusal, 'STORAGE_CORRUPT')).toBe(true);
    expect(String((refusal as Error).message)).toMatch(/not registered/);
    await log2.close();
  });

  it('when events arrive slowly, then a checkpoint is still signed after the time interval', async () => {
    const ledger = await openTestLedger({
      log: createMemoryEventLog(),
      everyMs: 20,
      nodes: createMemoryMerkleNodeStore(),
    });
    await ledger.log.append('run-a', testEvents(3), 'no_stream');
    await expect.poll(() => ledger.latestCheckpoint()?.checkpoint.treeSize, { timeout: 2000 }).toBe(5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await ledger.log.readStream('checkpoints')).toHaveLength(1);
    await ledger.close();
  });
});
