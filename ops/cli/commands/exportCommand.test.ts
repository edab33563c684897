import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  INVOKE,
  PAYMENT_GATE_POLICIES,
  PAYMENT_TOOL,
  PUBLISH,
  REGISTER_TOOL,
} from '../../../graphql/testing/governanceOperations.js';
import { graphqlOk as graphql } from '../testing/graphqlOverHttp.js';
import { runMir } from '../testing/mirProcess.js';
import { serverOnDataDir } from '../testing/serverOnDataDir.js';

const START = `mutation { startRun(goal: "pay", agent: "a", budget: { maxToolCalls: 3 }) {
  ... on RunCommandPayload { run { id } } } }`;
const BUNDLE = `query($id: ID!) { evidenceBundle(runId: $id) { sha256 treeSize bytes content } }`;

// `mir export` and `mir verify-bundle` in child processes, on a data directory a real server wrote and closed.
describe('mir export and mir verify-bundle', { timeout: 180_000 }, () => {
  let dataDir: string;
  let work: string;
  let runId: string;
  let keyFile: string;
  /** What the running server's `evidenceBundle` answered for the run, as an auditor. */
  let served: { sha256: string; treeSize: number; bytes: number; content: string };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mir-export-cli-'));
    work = mkdtempSync(join(tmpdir(), 'mir-export-out-'));
    const { runtime, admin, issue } = await serverOnDataDir(dataDir);
    try {
      const [app, auditor] = [await issue('app'), await issue('auditor')];
      await graphql(runtime.url, admin.token, PUBLISH, { p: PAYMENT_GATE_POLICIES });
      await graphql(runtime.url, admin.token, REGISTER_TOOL, PAYMENT_TOOL);
      runId = ((await graphql(runtime.url, app.token, START)).startRun!.run as { id: string }).id;
      const call = { runId, tool: PAYMENT_TOOL.name, version: PAYMENT_TOOL.version, args: { amount: 7 } };
      await graphql(runtime.url, app.token, INVOKE, call);
      await runtime.ledger.checkpointNow();
      served = (await graphql(runtime.url, auditor.token, BUNDLE, { id: runId }))
        .evidenceBundle as typeof served;
      keyFile = join(work, 'ledger.pub');
      writeFileSync(keyFile, `${runtime.ledger.verifierKey}\n`);
    } finally {
      await runtime.close();
    }
  }, 180_000);
  afterAll(() => {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  it('given a governed run, when exported to a file and verified with the pinned key, then it verifies with its policy set and tool', async () => {
    const out = join(work, 'run.bundle.json');
    const exported = await runMir(['export', '--run', runId, '--out', out, '--data', dataDir]);
    expect(exported.stderr).toMatch(/^mir: bundle sha256 [0-9a-f]{64} written to /);
    expect(exported.code).toBe(0);
    const bundle = JSON.parse(readFileSync(out, 'utf8')) as { events: { type: string }[] };
    const types = bundle.events.map((event) => event.type);
    expect(types).toEqual(
      expect.arrayContaining([
        'LedgerInitialized',
        'SigningKeyRegistered',
        'RunStarted',
        'PolicySetPublished',
        'ToolRegistered',
        'PolicyDecided',
      ]),
    );
    const verified = await runMir(['verify-bundle', out, '--public-key-file', keyFile]);
    expect(verified.stdout).toContain('result:       VERIFIED');
    expect(verified.stdout).toContain(`subject:      run ${runId}`);
    expect(verified.code).toBe(0);
  });

  it('given the server answered evidenceBundle at the same checkpoint, then the CLI exports the same bytes', async () => {
    const result = await runMir([
      'export',
      '--run',
      runId,
      '--checkpoint',
      String(served.treeSize),
      '--data',
      dataDir,
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(served.content);
    expect(createHash('sha256').update(result.stdout).digest('hex')).toBe(served.sha256);
    expect(Buffer.byteLength(result.stdout)).toBe(served.bytes);
  });

  it('given a tampered bundle, then verify-bundle exits 1 naming the failure; without a key, it exits 2', async () => {
    const tampered = join(work, 'tampered.json');
    writeFileSync(tampered, served.content.replace('"amount":7', '"amount":9'));
    const result = await runMir(['verify-bundle', tampered, '--public-key-file', keyFile, '--json']);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { failure: { code: string } }).failure.code).toBe(
      'EVENT_HASH_MISMATCH',
    );
    const keyless = await runMir(['verify-bundle', tampered]);
    expect(keyless.code).toBe(2);
    expect(keyless.stderr).toMatch(/^mir: .*pin the ledger key you trust/);
  });

  it('given an existing --out file, then export refuses to overwrite it unless --force', async () => {
    const out = join(work, 'exists.json');
    writeFileSync(out, 'keep me');
    const refused = await runMir(['export', '--run', runId, '--out', out, '--data', dataDir]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/^mir: FILE_EXISTS: /);
    expect(readFileSync(out, 'utf8')).toBe('keep me');
    expect((await runMir(['export', '--run', runId, '--out', out, '--force', '--data', dataDir])).code).toBe(
      0,
    );
  });

  it('given a range of the ledger for one tenant, then it exports and verifies', async () => {
    const out = join(work, 'range.json');
    const args = [
      'export',
      '--tenant',
      'default',
      '--from',
      '0',
      '--to',
      '5',
      '--out',
      out,
      '--data',
      dataDir,
    ];
    expect((await runMir(args)).code).toBe(0);
    const verified = await runMir(['verify-bundle', out, '--public-key-file', keyFile]);
    expect(verified.stdout).toContain('positions 0..5 (tenant default)');
    expect(verified.code).toBe(0);
  });

  it('given neither a run nor a range, or an unknown run, then export explains itself', async () => {
    expect((await runMir(['export', '--data', dataDir])).stderr).toMatch(/give either --run/);
    const unknown = await runMir([
      'export',
      '--run',
      '01900000-0000-7000-8000-000000000000',
      '--data',
      dataDir,
    ]);
    expect(unknown.stderr).toMatch(/^mir: BUNDLE_SUBJECT_NOT_FOUND: /);
    expect(unknown.code).toBe(2);
  });
});
