import { createHash } from 'node:crypto';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RunCommandService, runStream } from '../../../domain/index.js';
import type { CommandOrigin, NamedTensor } from '../../../domain/index.js';
import { affineModel } from '../../../graphql/testing/testModels.js';
import { openOnnxInference } from '../../../inference/index.js';
import { openSqliteEventLog } from '../../../ledger/index.js';
import { resolveDataDirectory } from '../../dataDirectory.js';
import { openEmbeddedLedger } from '../../embeddedLedger.js';
import { systemClock } from '../../system/systemClock.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';
import { runMir } from '../testing/mirProcess.js';

const ORIGIN: CommandOrigin = { actor: { kind: 'service', id: 'key-app' }, tenant: 'acme' };
const X: NamedTensor[] = [{ name: 'x', type: 'float32', dims: [1, 3], data: [1, 2, 3] }];

/** A data directory whose ledger holds one completed run that ran the generated affine model once. */
async function dataDirWithRun(): Promise<{
  dataDir: string;
  runId: string;
  sha256: string;
  modelFile: string;
}> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mir-replay-'));
  const dir = resolveDataDirectory(dataDir);
  const { ledger } = await openEmbeddedLedger(dir);
  const { log } = ledger;
  const inference = openOnnxInference({
    log,
    clock: systemClock,
    ids: uuidV7Ids,
    modelsDir: dir.modelsDir,
    engine: { workers: 1, executionProviders: ['cpu'] },
  });
  try {
    const operator = { actor: { kind: 'user', id: 'operator' }, tenant: 'acme' } as const;
    const { model } = await inference.registerModel(
      { bytes: affineModel(), name: 'affine', version: '1' },
      operator,
    );
    const runs = new RunCommandService(log, systemClock, uuidV7Ids);
    const runId = runs.newRunId(ORIGIN);
    await runs.execute({ type: 'StartRun', runId, goal: 'g', agent: 'a', input: null, budget: {} }, ORIGIN);
    await inference.service.requestInference({ runId, model: 'affine', inputs: X }, ORIGIN);
    await runs.execute({ type: 'CompleteRun', runId, output: null }, ORIGIN);
    return { dataDir, runId, sha256: model.sha256, modelFile: inference.registry.locate(model) };
  } finally {
    await inference.close();
    await ledger.close();
  }
}

// A fresh process compiling TypeScript through tsx each time: seconds on a loaded machine.
describe('mir replay', { timeout: 120_000 }, () => {
  let fixture: Awaited<ReturnType<typeof dataDirWithRun>>;
  beforeAll(async () => {
    fixture = await dataDirWithRun();
  });
  afterAll(() => rmSync(fixture.dataDir, { recursive: true, force: true }));

  it('given a run with inference, when replayed, then exit 0, MATCH, and RunReplayed is on the run', async () => {
    const json = await runMir(['replay', fixture.runId, '--data', fixture.dataDir, '--json']);
    const human = await runMir(['replay', fixture.runId, '--data', fixture.dataDir]);

    expect(json).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(json.stdout)).toMatchObject({
      runId: fixture.runId,
      report: { verdict: 'match', counts: { inference: { checked: 1, mismatches: 0 } } },
      replayed: false,
    });
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(
      /^run \S+: MATCH \(state \d+\/\d+, inference 1\/1, policy 0\/0\); recorded as \S+\n$/,
    );
    const log = openSqliteEventLog(join(fixture.dataDir, 'ledger.db'), { readOnly: true });
    const types = (await log.readStream(runStream(fixture.runId))).map((event) => event.type);
    await log.close();
    expect(types.slice(-2)).toEqual(['RunReplayed', 'RunReplayed']);
  });

  it('given the stored model file was swapped, when replayed, then exit 1 naming both SHA-256', async () => {
    const swapped = affineModel(5);
    chmodSync(fixture.modelFile, 0o600);
    writeFileSync(fixture.modelFile, swapped);
    const actual = createHash('sha256').update(swapped).digest('hex');

    const result = await runMir(['replay', fixture.runId, '--data', fixture.dataDir]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`inference modelSha256 at `);
    expect(result.stdout).toContain(
      `expected "${fixture.sha256}", replayed "${actual}" (the stored model file changed)`,
    );
  });

  it('given an unknown run, then exit 2 and RUN_NOT_FOUND', async () => {
    const result = await runMir(['replay', 'no-such-run', '--data', fixture.dataDir]);

    expect(result).toMatchObject({ code: 2, stdout: '' });
    expect(result.stderr).toBe('mir: RUN_NOT_FOUND: run no-such-run not found\n');
  });
});
