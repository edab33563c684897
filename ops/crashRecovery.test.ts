import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteEventLog, verifyLedger } from '../ledger/index.js';
import { resolveDataDirectory } from './dataDirectory.js';
import { openEmbeddedLedger } from './embeddedLedger.js';

/**
 * Runs the appending child until it has acknowledged `count` events and signed a checkpoint, then kills it with
 * SIGKILL.
 */
function appendThenKill(dataDir: string, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'testing/appendUnderLoad.ts'), dataDir],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const acknowledged: string[] = [];
    let buffered = '';
    let stderr = '';
    let signed = false;
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      const lines = (buffered + chunk.toString()).split('\n');
      buffered = lines.pop()!;
      for (const line of lines) {
        if (line === 'signed') signed = true;
        else if (line !== 'ready') acknowledged.push(line);
      }
      if (signed && acknowledged.length >= count && child.exitCode === null) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acknowledged);
      else reject(new Error(`child exited on its own (${String(signal)}): ${stderr}`));
    });
  });
}

describe('durability across a crash', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'mir-crash-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given writers appending under load, when the process is SIGKILLed, then every acknowledged event survives and the ledger verifies', async () => {
    const acknowledged = await appendThenKill(dataDir, 5000);
    expect(acknowledged.length).toBeGreaterThanOrEqual(5000);

    const dir = resolveDataDirectory(dataDir);
    const log = openSqliteEventLog(dir.ledgerFile, { readOnly: true });
    const stored = new Set<string>();
    for (let from = 0; ; from += 50_000) {
      const page = await log.readEncoded(from, 50_000);
      for (const event of page) stored.add(event.id);
      if (page.length < 50_000) break;
    }
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);
    const report = await verifyLedger(log);
    expect(report.failure).toBeNull();
    expect(report.checkpointsVerified).toBeGreaterThan(0);
    await log.close();

    const { ledger } = await openEmbeddedLedger(dir);
    await ledger.log.append(
      'run-after-crash',
      [
        {
          id: '01a20000-0000-7000-8000-000000000001',
          type: 'RunStarted',
          schemaVersion: 1,
          data: {},
          meta: {
            tenant: 'acme',
            actor: { kind: 'user', id: 'u' },
            correlationId: 'c',
            causationId: 'c',
            occurredAt: '2026-11-23T12:00:00Z',
          },
        },
      ],
      'no_stream',
    );
    await ledger.checkpointNow();
    await ledger.close();
    const reopened = openSqliteEventLog(dir.ledgerFile, { readOnly: true });
    expect((await verifyLedger(reopened)).ok).toBe(true);
    await reopened.close();
  });
});
