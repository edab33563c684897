import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadSigningKey,
  NEXT_SIGNING_KEY_FILE_NAME,
  openSqliteEventLog,
  verifyLedger,
} from '../ledger/index.js';
import { parseCheckpointBody, signCheckpoint } from '../ledger/checkpoints/note/index.js';
import { testEvents } from '../ledger/testing/testEvents.js';
import type { DataDirectory } from './dataDirectory.js';
import { resolveDataDirectory } from './dataDirectory.js';
import { openEmbeddedLedger } from './embeddedLedger.js';
import { ROTATION_STEPS, rotateSigningKey } from './keyRotation.js';
import type { RotationStep } from './keyRotation.js';

/** The origin a verifier key is named after. */
const ORIGIN_OF = (verifierKey: string) => verifierKey.split('+')[0]!;

/** What a crash leaves: the rotation stops after a durable step, undoing nothing. */
class Crash extends Error {}

let root: string;
let pristine: DataDirectory;
let firstKey: string;

async function verify(dir: DataDirectory, pinnedKeys?: string[], trustedCheckpoint?: string) {
  const log = openSqliteEventLog(dir.ledgerFile, { readOnly: true });
  try {
    return await verifyLedger(log, { pinnedKeys, trustedCheckpoint });
  } finally {
    await log.close();
  }
}

/** Starts the directory as a server would (settling the rotation), signs what is unsigned, and stops. */
async function startAndSign(dir: DataDirectory): Promise<string> {
  const { ledger } = await openEmbeddedLedger(dir);
  try {
    await ledger.log.append(`run-${Math.random().toString(36).slice(2)}`, testEvents(3), 'no_stream');
    await ledger.checkpointNow();
    return ledger.verifierKey;
  } finally {
    await ledger.close();
  }
}

function copyOfPristine(name: string): DataDirectory {
  const copy = join(root, name);
  cpSync(pristine.root, copy, { recursive: true });
  return resolveDataDirectory(copy);
}

describe('rotateSigningKey', { timeout: 120_000 }, () => {
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mir-rotation-'));
    pristine = resolveDataDirectory(join(root, 'pristine'));
    const { ledger } = await openEmbeddedLedger(pristine);
    await ledger.log.append('run-a', testEvents(20), 'no_stream');
    firstKey = ledger.verifierKey;
    await ledger.close();
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('given a ledger, when its key is rotated, then the new key signs, the old file is gone, and the ledger verifies pinned to either key', async () => {
    const dir = copyOfPristine('rotated');
    const oldKeyFile = readFileSync(join(dir.keysDir, 'checkpoint.ed25519'));
    const rotation = await rotateSigningKey(dir);
    expect(rotation.retiredKey).toBe(firstKey);
    expect(rotation.verifierKey).not.toBe(firstKey);
    expect(rotation.checkpoint.treeSize).toBeGreaterThan(rotation.retireAfter);
    expect(readFileSync(join(dir.keysDir, 'checkpoint.ed25519')).equals(oldKeyFile)).toBe(false);
    expect(existsSync(join(dir.keysDir, NEXT_SIGNING_KEY_FILE_NAME))).toBe(false);
    expect(await startAndSign(dir)).toBe(rotation.verifierKey);
    for (const pins of [undefined, [firstKey], [rotation.verifierKey]]) {
      expect(await verify(dir, pins)).toMatchObject({ ok: true, failure: null });
    }
  });

  it('given a rotated directory, when the retired key file is put back, then the ledger refuses to sign with it: SIGNING_KEY_RETIRED', async () => {
    const dir = copyOfPristine('restored-old-key');
    const keyFile = join(dir.keysDir, 'checkpoint.ed25519');
    const oldKeyFile = readFileSync(keyFile);
    const rotation = await rotateSigningKey(dir);
    writeFileSync(keyFile, oldKeyFile);
    chmodSync(keyFile, 0o600);
    await expect(openEmbeddedLedger(dir)).rejects.toMatchObject({
      code: 'SIGNING_KEY_RETIRED',
      details: { retiredAfter: rotation.retireAfter },
    });
  });

  it('given an auditor’s checkpoint saved before the rotation, then it still verifies; one the retired key signs after, does not', async () => {
    const dir = copyOfPristine('trusted');
    const oldSigner = loadSigningKey(dir.keysDir);
    const rotation = await rotateSigningKey(dir);
    const log = openSqliteEventLog(dir.ledgerFile, { readOnly: true });
    const notes = (await log.readStream('checkpoints')).map(
      (event) => event.data as { note: string; treeSize: number },
    );
    await log.close();
    const saved = notes.find((checkpoint) => checkpoint.treeSize === rotation.retireAfter)!;
    expect(await verify(dir, [rotation.verifierKey], saved.note)).toMatchObject({ ok: true, failure: null });
    const { treeSize, rootHash, timestamp } = parseCheckpointBody(
      rotation.checkpoint.note.split('\n\n')[0]! + '\n',
    );
    const forged = signCheckpoint(
      { origin: ORIGIN_OF(rotation.verifierKey), treeSize, rootHash: Buffer.from(rootHash), timestamp },
      ORIGIN_OF(rotation.verifierKey),
      oldSigner,
    );
    expect((await verify(dir, [firstKey], forged)).failure).toMatchObject({
      code: 'TRUSTED_CHECKPOINT_INVALID',
      expected: { treeSize, signer: rotation.verifierKey },
      actual: { treeSize, signer: firstKey },
    });
  });

  for (const step of ROTATION_STEPS) {
    const switched = ROTATION_STEPS.indexOf(step) >= ROTATION_STEPS.indexOf('rotationAppended');
    it(`given a crash after ${step}, when the directory starts again, then it signs with the ${switched ? 'new' : 'old'} key and verifies`, async () => {
      const dir = copyOfPristine(`crash-${step}`);
      const crashAfter = (reached: RotationStep) => {
        if (reached === step) throw new Crash(step);
      };
      await expect(rotateSigningKey(dir, { afterStep: crashAfter })).rejects.toBeInstanceOf(Crash);
      const signer = await startAndSign(dir);
      expect(signer === firstKey).toBe(!switched);
      expect(existsSync(join(dir.keysDir, NEXT_SIGNING_KEY_FILE_NAME))).toBe(false);
      expect(await verify(dir, [firstKey])).toMatchObject({ ok: true, failure: null });
      expect(await verify(dir, [signer])).toMatchObject({ ok: true, failure: null });
      const again = await rotateSigningKey(dir);
      expect(again.retiredKey).toBe(signer);
      expect(await verify(dir, [firstKey])).toMatchObject({ ok: true, failure: null });
    });
  }

  it('given a next key file left half-written by a crash, when the directory starts, then it is removed and the old key signs', async () => {
    const dir = copyOfPristine('partial-next');
    const next = join(dir.keysDir, NEXT_SIGNING_KEY_FILE_NAME);
    writeFileSync(next, 'mir-signing-key v1 ed25519\nseed AAAA', { mode: 0o600 });
    expect(await startAndSign(dir)).toBe(firstKey);
    expect(existsSync(next)).toBe(false);
  });
});
