import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent, RecordedEvent } from '../../../domain/index.js';
import { loadSigningKey, openSqliteEventLog } from '../../../ledger/index.js';
import type { SigningKeyRotatedData } from '../../../ledger/index.js';
import { checkpointEvent } from '../../../ledger/checkpoints/checkpointEvent.js';
import { formatVerifierKey, signNote } from '../../../ledger/checkpoints/note/index.js';
import type { Ed25519Signer } from '../../../ledger/keys/index.js';
import { systemEvent } from '../../../ledger/ledgerStreams.js';
import type { CheckpointSignedData } from '../../../ledger/ledgerStreams.js';
import { formatKeyRotationBody } from '../../../ledger/portable/keyRotationStatement.js';
import { newSigner } from '../../../ledger/testing/testLedger.js';
import { testEvents } from '../../../ledger/testing/testEvents.js';
import { resolveDataDirectory } from '../../dataDirectory.js';
import { openEmbeddedLedger } from '../../embeddedLedger.js';
import { runMir, spawnMirServe } from '../testing/mirProcess.js';

const mir = (...args: string[]) => runMir(args);

/** Opens the copied ledger with the store itself and appends `event` to `stream` after its last event. */
async function appendBehindMir(
  dataDir: string,
  stream: string,
  event: (last: RecordedEvent) => NewEvent,
): Promise<number> {
  const log = openSqliteEventLog(join(dataDir, 'ledger.db'));
  try {
    const [last] = await log.readStream(stream, { direction: 'backwards', maxCount: 1 });
    const result = await log.append(stream, [event(last!)], last!.revision);
    return result.lastPosition;
  } finally {
    await log.close();
  }
}

// Each mir call is a fresh process compiling TypeScript through tsx: seconds each on a loaded machine.
describe('mir keys rotate', { timeout: 240_000 }, () => {
  let root: string;
  let dataDir: string;
  let origin: string;
  let firstKey: string;
  let firstSigner: Ed25519Signer;
  let firstRotation: { verifierKey: string; retireAfter: number };
  let lastKey: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'mir-keys-rotate-'));
    dataDir = join(root, 'data');
    const { ledger } = await openEmbeddedLedger(resolveDataDirectory(dataDir));
    await ledger.log.append('run-a', testEvents(20), 'no_stream');
    origin = ledger.origin;
    firstKey = ledger.verifierKey;
    await ledger.close();
    firstSigner = loadSigningKey(join(dataDir, 'keys'));
  }, 240_000);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('given a data directory rotated twice, then mir verify passes pinned to the first key and to the last key', async () => {
    const first = await mir('keys', 'rotate', '--data', dataDir, '--json');
    expect(first.code).toBe(0);
    firstRotation = JSON.parse(first.stdout) as typeof firstRotation;
    expect(Object.keys(firstRotation).sort()).toEqual([
      'checkpoint',
      'retireAfter',
      'retiredKey',
      'verifierKey',
    ]);
    expect(firstRotation).toMatchObject({
      retiredKey: firstKey,
      retireAfter: expect.any(Number) as unknown,
      checkpoint: { treeSize: expect.any(Number) as unknown, note: expect.any(String) as unknown },
    });
    const { ledger } = await openEmbeddedLedger(resolveDataDirectory(dataDir));
    expect(ledger.verifierKey).toBe(firstRotation.verifierKey);
    await ledger.log.append('run-b', testEvents(10), 'no_stream');
    await ledger.close();

    const second = await mir('keys', 'rotate', '--data', dataDir);
    expect(second.code).toBe(0);
    lastKey = second.stdout.trim();
    expect(lastKey).toMatch(/^mir\.ledger\/[0-9a-f-]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+$/);
    expect(second.stderr).toMatch(/retired after tree size \d+/);
    expect((await mir('keys', 'public', '--data', dataDir)).stdout.trim()).toBe(lastKey);

    const human = await mir('verify', '--data', dataDir, '--public-key', firstKey);
    expect(human.stdout).toMatch(/result:\s+INTACT/);
    expect(human.stdout).toContain(
      `keys:         ${firstKey} (from the first tree, retired after tree size ${firstRotation.retireAfter})`,
    );
    expect(human.stdout).toContain(`${lastKey} (trees > `);
    expect(human.stdout).toMatch(/, current\)\n/);
    for (const pinned of [firstKey, lastKey]) {
      const result = await mir('verify', '--data', dataDir, '--public-key', pinned, '--json');
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, keySource: 'pinned' });
    }
  });

  it('given a checkpoint forged with the retired key after its retirement, then mir verify exits 1 with KEY_RETIRED at it', async () => {
    const copy = join(root, 'forged');
    cpSync(dataDir, copy, { recursive: true });
    let forged: CheckpointSignedData | undefined;
    const position = await appendBehindMir(copy, 'checkpoints', (last) => {
      const data = last.data as unknown as CheckpointSignedData;
      const checkpoint = {
        origin,
        treeSize: data.treeSize,
        rootHash: Buffer.from(data.rootHash, 'hex'),
        timestamp: data.timestamp + 1,
      };
      forged = data;
      // The same tree, extended by nothing (an empty consistency proof): the store accepts it, as it checks no key.
      return checkpointEvent(checkpoint, [], { signer: firstSigner, keyName: origin, id: uuidv7() }).event;
    });
    const result = await mir('verify', '--data', copy, '--public-key', lastKey);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      `FAILED KEY_RETIRED: checkpoint of tree size ${forged!.treeSize} is signed by ${firstKey.split('+').slice(0, 2).join('+')}, retired after tree size ${firstRotation.retireAfter}`,
    );
    expect(result.stdout).toMatch(new RegExp(`at stream checkpoints, revision \\d+, position ${position}`));
  });

  it('given a rotation signed only by the new key, then mir verify exits 1 with KEY_ROTATION_INVALID at it', async () => {
    const copy = join(root, 'one-signature');
    cpSync(dataDir, copy, { recursive: true });
    const intruder = newSigner();
    const position = await appendBehindMir(copy, 'keys', (last) => {
      const retiredKey = (last.data as unknown as SigningKeyRotatedData).introducedKey;
      const statement = {
        origin,
        retire: retiredKey,
        introduce: formatVerifierKey(origin, intruder.publicKey),
        // Forward, and before the statement itself: only the missing signature is wrong.
        retireAfter: (last.data as unknown as SigningKeyRotatedData).retireAfter + 1,
      };
      const data: SigningKeyRotatedData = {
        note: signNote(formatKeyRotationBody(statement), origin, intruder),
        retiredKey: statement.retire,
        introducedKey: statement.introduce,
        retireAfter: statement.retireAfter,
      };
      return systemEvent('SigningKeyRotated', { ...data }, 'ledger', Date.now(), uuidv7());
    });
    const result = await mir('verify', '--data', copy, '--json');
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)).toMatchObject({
      ok: false,
      failure: { code: 'KEY_ROTATION_INVALID', stream: 'keys', revision: 3, position },
    });
    expect((await mir('checkpoint', '--now', '--data', copy)).stderr).toMatch(
      /^mir: STORAGE_CORRUPT: .*revision 3/,
    );
  });

  it('given mir serve holds the data directory, then mir keys rotate is refused with DATA_DIR_IN_USE and nothing changes', async () => {
    const copy = join(root, 'served');
    cpSync(dataDir, copy, { recursive: true });
    const server = spawnMirServe(copy, 0);
    try {
      await server.ready();
      const refused = await mir('keys', 'rotate', '--data', copy);
      expect(refused).toMatchObject({
        code: 2,
        stderr: `mir: DATA_DIR_IN_USE: ${copy} is in use by mir serve (pid ${server.child.pid}): stop it first\n`,
      });
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect((await mir('keys', 'public', '--data', copy)).stdout.trim()).toBe(lastKey);
  });
});
