import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteEventLog } from '../../ledger/index.js';
import { runMir, spawnMirServe } from '../cli/testing/mirProcess.js';
import { loadRuntimeConfig } from '../config/runtimeConfig.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';
import { startMirRuntime } from './mirRuntime.js';

const quiet = pino({ level: 'silent' });
const PROBE = join(import.meta.dirname, 'testing', 'startAndReport.ts');

/** A port something else already listens on (127.0.0.1). */
async function takenPort(): Promise<{ port: number; blocker: Server }> {
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  return { port: (blocker.address() as { port: number }).port, blocker };
}

// Every child compiles TypeScript through tsx and starts a real runtime: tens of seconds on a loaded machine.
describe('server lifecycle and the data-directory lock (real child processes)', { timeout: 120_000 }, () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'mir-lifecycle-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('given the port is taken, when mir serve starts, then it exits 2 by itself naming the address, and the directory serves next', async () => {
    const { port, blocker } = await takenPort();
    const serve = spawnMirServe(root, port);
    const code = await serve.exited;
    blocker.close();
    expect(code).toBe(2);
    expect(serve.output()).toContain(
      `mir: LISTEN_FAILED: cannot listen on 127.0.0.1:${port}: the address is already in use`,
    );
    expect(serve.output()).not.toMatch(/\n\s+at /);
    const next = await startMirRuntime(loadRuntimeConfig({ data: root, port: '0' }, {}), quiet);
    await next.close();
  });

  it('given a failure at each stage of the start, then each start closes what it opened, frees the lock, and the process exits by itself', async () => {
    const stage = (name: string) => {
      const dir = join(root, name);
      mkdirSync(dir, { mode: 0o700 });
      return dir;
    };
    const ledger = stage('ledger');
    await (await openEmbeddedLedger(resolveDataDirectory(ledger))).ledger.close();
    chmodSync(join(ledger, 'keys', 'checkpoint.ed25519'), 0o644);
    writeFileSync(
      join(stage('readModels'), 'readmodels.db'),
      'not a database, but long enough to be read as one',
    );
    writeFileSync(join(stage('inference'), 'models'), 'a file where the models directory belongs');
    writeFileSync(join(stage('governance'), 'tools'), 'a file where the tools directory belongs');
    mkdirSync(join(stage('bootstrap'), 'keys'), { mode: 0o700 });
    writeFileSync(join(root, 'bootstrap', 'keys', 'admin.token'), 'an earlier token', { mode: 0o600 });
    const listen = stage('listen');
    const { port, blocker } = await takenPort();

    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        PROBE,
        ...['ledger', 'readModels', 'inference', 'governance', 'bootstrap'].map(
          (name) => `${join(root, name)}:0`,
        ),
        `${listen}:${port}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Not a speed check: a generous bound on "exits by itself at all"; a leaked handle keeps it alive forever.
    const stuck = new Promise<'stuck'>((resolve) => setTimeout(() => resolve('stuck'), 90_000).unref());
    const outcome = await Promise.race([exited, stuck]);
    if (outcome === 'stuck') child.kill('SIGKILL');
    blocker.close();
    expect({ outcome, stderr }).toMatchObject({ outcome: 0 });
    const reports = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { dir: string; outcome: string; code: string; lockFree: boolean });
    expect(reports.map(({ outcome: result, lockFree }) => ({ result, lockFree }))).toEqual(
      Array(6).fill({ result: 'failed', lockFree: true }),
    );
    // Each failed where it was meant to: after the lock, the ledger, read models, inference, governance, listen.
    expect(reports.map((report) => report.code)).toEqual([
      'KEY_PERMISSIONS_TOO_OPEN',
      'READ_MODEL_STORAGE',
      expect.stringMatching(/^EEXIST: .*inference\/models'$/),
      expect.stringMatching(/^EEXIST: .*governance\/tools'$/),
      expect.stringMatching(/^EEXIST: .*bootstrap\/keys\/admin\.token'$/),
      'LISTEN_FAILED',
    ]);
  }, 120_000);

  it('given mir serve holds a directory, then a second server, rebuild and checkpoint --now are refused naming its pid, while tenant halt still works; after kill -9 the directory serves again', async () => {
    const first = spawnMirServe(root, 0);
    await first.ready();
    const pid = first.child.pid!;
    const second = spawnMirServe(root, 0);
    expect(await second.exited).toBe(2);
    const inUse = `mir: DATA_DIR_IN_USE: ${root} is in use by mir serve (pid ${pid}): stop it first\n`;
    expect(second.output()).toBe(inUse);
    expect(await runMir(['rebuild', '--data', root])).toMatchObject({ code: 2, stderr: inUse });
    expect(await runMir(['checkpoint', '--now', '--data', root])).toMatchObject({ code: 2, stderr: inUse });
    const halted = await runMir(['tenant', 'halt', 'acme', '--reason', 'incident', '--data', root]);
    expect(halted).toMatchObject({ code: 0, stdout: expect.stringMatching(/^acme: HALTED/) as unknown });

    first.child.kill('SIGKILL');
    expect(await first.exited).toBeNull();
    const after = await startMirRuntime(loadRuntimeConfig({ data: root, port: '0' }, {}), quiet);
    await after.close();
    const log = openSqliteEventLog(join(root, 'ledger.db'), { readOnly: true });
    expect((await log.readStream('tenant-acme')).map((event) => event.type)).toEqual(['TenantHalted']);
    await log.close();
  }, 90_000);
});
