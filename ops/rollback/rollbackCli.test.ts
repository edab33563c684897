import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteEventLog } from '../../ledger/index.js';
import { runMir } from '../cli/testing/mirProcess.js';
import { loadRuntimeConfig } from '../config/runtimeConfig.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { startMirRuntime } from '../runtime/mirRuntime.js';
import { runWithWrites } from './testing/httpGraphql.js';

describe('mir rollback', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'mir-rollback-cli-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given a run written by a server since stopped, when `mir rollback --to-step 1 --json`, then rolled back and recorded', async () => {
    const runtime = await startMirRuntime(
      loadRuntimeConfig({ data: dataDir, port: '0' }, {}),
      pino({ level: 'silent' }),
    );
    let runId: string;
    try {
      const operator = { kind: 'user', id: 'cli-test' } as const;
      const issue = async (role: 'admin' | 'app') =>
        `Bearer ${(await runtime.apiKeys.issue({ role, tenant: 'acme', label: role }, operator)).token}`;
      runId = await runWithWrites(runtime.url, await issue('admin'), await issue('app'), 3);
    } finally {
      await runtime.close();
    }

    const result = await runMir([
      'rollback',
      runId,
      '--to-step',
      '1',
      '--reason',
      'operator undo',
      '--data',
      dataDir,
      '--json',
    ]);

    expect(result.code, result.stderr).toBe(0);
    const answer = JSON.parse(result.stdout) as {
      outcome: string;
      compensated: unknown[];
      leftBehind: unknown[];
    };
    expect(answer).toMatchObject({ outcome: 'rolled_back', leftBehind: [] });
    expect(answer.compensated).toHaveLength(3);
    const log = openSqliteEventLog(resolveDataDirectory(dataDir).ledgerFile, { readOnly: true });
    const events = await log.readStream(`run-${runId}`);
    await log.close();
    const started = events.find((event) => event.type === 'RollbackStarted')!;
    expect(started.meta.actor).toEqual({ kind: 'user', id: 'mir-cli' });
    expect(started.data).toMatchObject({ reason: 'operator undo', role: 'admin' });
    expect(events.at(-1)?.type).toBe('RunRolledBack');
  }, 120_000);

  it('given a run id the ledger does not hold, then RUN_NOT_FOUND and a non-zero exit', async () => {
    const runtime = await startMirRuntime(
      loadRuntimeConfig({ data: dataDir, port: '0' }, {}),
      pino({ level: 'silent' }),
    );
    await runtime.close();
    const result = await runMir([
      'rollback',
      'no-such-run',
      '--to-step',
      '1',
      '--reason',
      'r',
      '--data',
      dataDir,
    ]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('RUN_NOT_FOUND');
  }, 120_000);
});
