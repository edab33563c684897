import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CHECKPOINTS_STREAM, verifyCosignatures, WITNESSES_STREAM } from '../../ledger/index.js';
import type { CheckpointCosignedData, CheckpointSignedData } from '../../ledger/index.js';
import { openLedgerLog } from '../cli/openLedgerLog.js';
import { ledgerTarget } from '../cli/ledgerTarget.js';
import { runMir, spawnMirServe, spawnMirWitness } from '../cli/testing/mirProcess.js';
import type { MirWitnessProcess } from '../cli/testing/mirProcess.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';
import { parseWitnessEndpoints } from './witnessEndpoints.js';

// The shipped models would only slow the server's start; witnesses do not need them.
process.env.MIR_SHIPPED_MODELS = '0';

let root: string;
let witness: MirWitnessProcess;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'mir-serve-witness-'));
});

afterAll(async () => {
  await witness?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('mir serve --witnesses', () => {
  it('given a real witness process, when the server signs checkpoints, then it stores CheckpointCosigned lines that verify', async () => {
    const dir = resolveDataDirectory(join(root, 'data'), {});
    const initialised = await openEmbeddedLedger(dir);
    const logKey = initialised.ledger.verifierKey;
    await initialised.ledger.close();
    witness = await spawnMirWitness(join(root, 'witness'), [logKey]);
    const [endpoint] = parseWitnessEndpoints(
      `${witness.url}=${witness.verifierKey}`,
      (message) => new Error(message),
    );

    const server = spawnMirServe(dir.root, 0, ['--witnesses', `${witness.url}=${witness.verifierKey}`]);
    await server.ready();
    const log = await openLedgerLog(ledgerTarget({ data: dir.root }, {}), { readOnly: true });
    try {
      const [event] = await vi.waitFor(
        async () => {
          const events = (await log.readStream(WITNESSES_STREAM)).filter(
            (entry) => entry.type === 'CheckpointCosigned',
          );
          expect(events.length).toBeGreaterThan(0);
          return events;
        },
        { timeout: 30_000, interval: 100 },
      );
      const cosigned = event!.data as unknown as CheckpointCosignedData;
      expect(cosigned.witness).toBe(witness.verifierKey);
      const checkpoint = (await log.readStream(CHECKPOINTS_STREAM))
        .map((entry) => entry.data as unknown as CheckpointSignedData)
        .find((data) => data.treeSize === cosigned.treeSize && data.rootHash === cosigned.rootHash);
      expect(checkpoint).toBeDefined();
      const report = verifyCosignatures(`${checkpoint!.note}${cosigned.cosignature}\n`, [endpoint!.key]);
      expect(report.verified).toHaveLength(1);
      expect(report.verified[0]!.timestamp).toBe(cosigned.timestamp);
    } finally {
      await log.close();
      server.child.kill('SIGTERM');
      expect(await server.exited).toBe(0);
    }
    // The witness records are ordinary ledger events: the ledger still verifies, pinned to the log's key.
    const verified = await runMir(['verify', '--data', dir.root, '--public-key', logKey]);
    expect(verified.stdout).toContain('INTACT');
    expect(verified.code).toBe(0);
  });
});
