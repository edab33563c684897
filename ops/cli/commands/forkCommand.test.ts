import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldRun, RunCommandService, runStateDigest } from '../../../domain/index.js';
import type { RecordedEvent } from '../../../domain/index.js';
import { openSqliteEventLog } from '../../../ledger/index.js';
import { resolveDataDirectory } from '../../dataDirectory.js';
import { openEmbeddedLedger } from '../../embeddedLedger.js';
import { systemClock } from '../../system/systemClock.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';
import { sha256Digester } from '../../toolCalls/sha256Digester.js';
import { runMir } from '../testing/mirProcess.js';

const mir = (...args: string[]) => runMir(args);
const APP = { actor: { kind: 'service', id: 'app-1' }, tenant: 'acme' } as const;

// `mir fork` in a child process on a real data directory (SQLite ledger with its genesis), as an operator runs it.
describe('mir fork', { timeout: 120_000 }, () => {
  let dataDir: string;
  let sourceId: string;
  let source: RecordedEvent[];
  const readStream = async (stream: string) => {
    const log = openSqliteEventLog(join(dataDir, 'ledger.db'), { readOnly: true });
    try {
      return await log.readStream(stream);
    } finally {
      await log.close();
    }
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mir-fork-'));
    const { ledger } = await openEmbeddedLedger(resolveDataDirectory(dataDir));
    const runs = new RunCommandService(ledger.log, systemClock, uuidV7Ids);
    sourceId = runs.newRunId(APP);
    const start = {
      type: 'StartRun',
      runId: sourceId,
      goal: 'g',
      agent: 'a',
      input: null,
      budget: {},
    } as const;
    await runs.execute(start, APP);
    for (const summary of ['one', 'two'])
      await runs.execute({ type: 'RecordStep', runId: sourceId, kind: 'k', summary, payload: null }, APP);
    source = await ledger.log.readStream(`run-${sourceId}`);
    await ledger.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given a run with two steps, when forked at step 1, then the fork starts with the digest of step 1 and the source is unchanged', async () => {
    const args = ['fork', sourceId, '--at-step', '1', '--reason', 'retry from 1', '--data', dataDir];
    const result = await mir(...args, '--json', '--idempotency-key', 'cli-fork-1');
    expect(result.code).toBe(0);
    const step1 = source[1]!;
    const printed = JSON.parse(result.stdout) as { runId: string; stateDigest: string };
    expect(printed).toEqual({
      runId: expect.any(String) as string,
      sourceRunId: sourceId,
      step: 1,
      position: step1.position,
      stateDigest: runStateDigest(foldRun(source.slice(0, 2)), sha256Digester),
      replayed: false,
      tenant: 'acme',
    });
    const [started] = await readStream(`run-${printed.runId}`);
    expect(started).toMatchObject({
      type: 'RunStarted',
      meta: { tenant: 'acme', actor: { kind: 'user', id: 'mir-cli' } },
      data: { forkedFrom: { runId: sourceId, step: 1, reason: 'retry from 1', forkedBy: 'mir-cli' } },
    });
    expect(await readStream(`run-${sourceId}`)).toEqual(source);
    const again = await mir(...args, '--idempotency-key', 'cli-fork-1');
    expect(again.stdout).toBe(
      `already forked ${sourceId} at step 1 (position ${step1.position}) as ${printed.runId}; ` +
        `source state ${printed.stateDigest}\n`,
    );
  });

  it('given a step the run does not have or an unknown run, then exit 2 with the typed error', async () => {
    const beyond = await mir('fork', sourceId, '--at-step', '3', '--reason', 'r', '--data', dataDir);
    expect(beyond).toMatchObject({ code: 2, stdout: '' });
    expect(beyond.stderr).toBe(
      `mir: RUN_STEP_OUT_OF_RANGE: run ${sourceId} has steps 0 to 2; there is no step 3 to fork at\n`,
    );
    const unknown = uuidV7Ids.newId();
    const missing = await mir('fork', unknown, '--at-step', '0', '--reason', 'r', '--data', dataDir);
    expect(missing).toMatchObject({ code: 2, stderr: `mir: RUN_NOT_FOUND: run ${unknown} not found\n` });
  });
});
