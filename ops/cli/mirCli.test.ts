import Database from 'better-sqlite3';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readShippedManifest, shippedModelPath } from '../../inference/models/index.js';
import { openSqliteEventLog, SYSTEM_TENANT } from '../../ledger/index.js';
import { testEvents } from '../../ledger/testing/testEvents.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';
import { runMir } from './testing/mirProcess.js';

const mir = (...args: string[]) => runMir(args);

// Each call is a fresh process compiling TypeScript through tsx: seconds each on a loaded machine.
describe('mir CLI', { timeout: 120_000 }, () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'mir-cli-'));
    const { ledger } = await openEmbeddedLedger(resolveDataDirectory(dataDir));
    await ledger.log.append('run-a', testEvents(50), 'no_stream');
    await ledger.checkpointNow();
    await ledger.close();
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given an intact ledger, when verified against the pinned key and a saved checkpoint, then exit 0 and INTACT', async () => {
    const key = await mir('keys', 'public', '--data', dataDir);
    expect(key.stdout).toMatch(/^mir\.ledger\/[0-9a-f-]+\+[0-9a-f]{8}\+[A-Za-z0-9+/=]+\n$/);
    const checkpoint = await mir('checkpoint', '--data', dataDir);
    expect(checkpoint.code).toBe(0);
    const saved = join(dataDir, 'saved.checkpoint');
    writeFileSync(saved, checkpoint.stdout);
    const human = await mir(
      'verify',
      '--data',
      dataDir,
      '--public-key',
      key.stdout.trim(),
      '--trusted-checkpoint',
      saved,
    );
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/result:\s+INTACT/);
    const json = await mir('verify', '--data', dataDir, '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, streams: 4, keySource: 'ledger' });
  });

  it('given an edited payload, when verified, then exit 1 naming stream, revision, position, expected and found', async () => {
    const copy = mkdtempSync(join(tmpdir(), 'mir-cli-tampered-'));
    const { cpSync } = await import('node:fs');
    cpSync(dataDir, copy, { recursive: true });
    const db = new Database(join(copy, 'ledger.db'));
    db.exec('DROP TRIGGER events_are_immutable; UPDATE events SET data = \'{"i":42}\' WHERE position = 10');
    db.close();
    const result = await mir('verify', '--data', copy);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/FAILED EVENT_HASH_MISMATCH/);
    expect(result.stdout).toMatch(/at stream run-a, revision 8, position 10/);
    const json = JSON.parse((await mir('verify', '--data', copy, '--json')).stdout) as { failure: object };
    expect(json.failure).toMatchObject({
      code: 'EVENT_HASH_MISMATCH',
      stream: 'run-a',
      revision: 8,
      position: 10,
    });
    rmSync(copy, { recursive: true, force: true });
  });

  it('given a signing key readable by others, when the ledger is opened to sign, then it refuses without printing the key', async () => {
    const keyFile = join(dataDir, 'keys', 'checkpoint.ed25519');
    chmodSync(keyFile, 0o644);
    const result = await mir('checkpoint', '--now', '--data', dataDir);
    chmodSync(keyFile, 0o600);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/KEY_PERMISSIONS_TOO_OPEN/);
    expect(result.stderr).not.toMatch(/[A-Za-z0-9+/]{43}=/);
  });

  it('given keys issued and one revoked, when listed, then ids, roles, tenants, labels, created and revoked show, never a secret', async () => {
    const issue = async (role: string, tenant: string, label: string) =>
      JSON.parse(
        (
          await mir(
            'keys',
            'create',
            '--role',
            role,
            '--tenant',
            tenant,
            '--label',
            label,
            '--data',
            dataDir,
            '--json',
          )
        ).stdout,
      ) as { keyId: string; token: string };
    const auditor = await issue('auditor', 'acme', 'compliance team');
    const app = await issue('app', 'globex', 'checkout');
    expect((await mir('keys', 'revoke', app.keyId, '--reason', 'rotated', '--data', dataDir)).code).toBe(0);

    const listed = await mir('keys', 'list', '--data', dataDir, '--json');
    expect(listed.code).toBe(0);
    expect(JSON.parse(listed.stdout)).toEqual([
      {
        keyId: auditor.keyId,
        role: 'auditor',
        tenant: 'acme',
        label: 'compliance team',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        revokedAt: null,
        revokedReason: null,
      },
      {
        keyId: app.keyId,
        role: 'app',
        tenant: 'globex',
        label: 'checkout',
        createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        revokedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
        revokedReason: 'rotated',
      },
    ]);
    const human = await mir('keys', 'list', '--tenant', 'acme', '--data', dataDir);
    expect(human.stdout).toMatch(
      new RegExp(
        `^KEY ID +ROLE +TENANT +CREATED +STATUS +LABEL\n${auditor.keyId} +auditor +acme +\\S+ +active +compliance team\n$`,
      ),
    );
    for (const output of [
      listed.stdout,
      human.stdout,
      (await mir('keys', 'list', '--data', dataDir)).stdout,
    ]) {
      expect(output).not.toContain(auditor.token.slice(-43));
      expect(output).not.toMatch(/secret|[0-9a-f]{64}/i);
    }
  });

  it('when asked for --version, then the package version and exit 0', async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    expect(await mir('--version')).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
  });

  it("given a model file, when added with mir models add --tenant, then it is stored by hash, recorded as that tenant's, listed, and a second add is a no-op", async () => {
    const models = mkdtempSync(join(tmpdir(), 'mir-cli-models-'));
    const { ledger } = await openEmbeddedLedger(resolveDataDirectory(models));
    await ledger.close();
    const entry = (await readShippedManifest()).models.find((model) => model.name === 'risk-classifier')!;
    const file = shippedModelPath(entry);
    const featurizer = JSON.stringify(entry.featurizer);
    const args = [
      'models',
      'add',
      file,
      '--tenant',
      'acme',
      '--name',
      'risk',
      '--version',
      '7',
      '--featurizer',
      featurizer,
    ];
    const added = await mir(...args, '--data', models, '--json');
    expect(added.code).toBe(0);
    expect(JSON.parse(added.stdout)).toMatchObject({
      name: 'risk',
      version: '7',
      sha256: entry.sha256,
      tenant: 'acme',
      alreadyRegistered: false,
    });
    const log = openSqliteEventLog(resolveDataDirectory(models).ledgerFile, { readOnly: true });
    expect((await log.readStream('model-acme:risk')).map((event) => event.meta.tenant)).toEqual(['acme']);
    await log.close();
    expect(statSync(join(models, 'models', `${entry.sha256}.onnx`)).size).toBe(entry.size);
    const again = await mir(...args, '--data', models);
    expect(again.stdout).toMatch(/^already registered risk 7 for tenant acme sha256:/);
    const listed = JSON.parse((await mir('models', 'list', '--data', models, '--json')).stdout) as {
      name: string;
    }[];
    expect(listed.map((model) => model.name)).toEqual(['risk']);
    expect((await mir('models', 'list', '--data', models)).stdout).toMatch(/^risk 7 tenant acme sha256:/);
    const forGlobex = await mir('models', 'list', '--tenant', 'globex', '--data', models, '--json');
    expect(JSON.parse(forGlobex.stdout)).toEqual([]);

    const noTenant = await mir('models', 'add', file, '--name', 'x', '--version', '1', '--data', models);
    expect(noTenant.code).not.toBe(0);
    expect(noTenant.stderr).toMatch(/required option '--tenant <tenant>' not specified/);
    const system = await mir(...args.map((arg) => (arg === 'acme' ? 'system' : arg)), '--data', models);
    expect(system.code).toBe(2);
    expect(system.stderr).toMatch(/^mir: --tenant system is MIR's own/);

    const junk = await mir(
      'models',
      'add',
      join(import.meta.dirname, 'mir.ts'),
      '--name',
      'junk',
      '--version',
      '1',
      '--tenant',
      'acme',
      '--data',
      models,
    );
    expect(junk.code).toBe(2);
    expect(junk.stderr).toMatch(
      /^mir: MODEL_INVALID: cannot register \/.*\/ops\/cli\/mir\.ts as junk 1: invalid model: not an ONNX model/,
    );
    rmSync(models, { recursive: true, force: true });
    // Nine CLI processes, each compiling the CLI with tsx on a shared machine.
  }, 120_000);

  it('given a tenant, when halted and resumed from the CLI, then status follows and both are ledger events', async () => {
    const halted = await mir(
      'tenant',
      'halt',
      'acme',
      '--reason',
      'incident 42',
      '--data',
      dataDir,
      '--json',
    );
    expect(halted.code).toBe(0);
    expect(JSON.parse(halted.stdout)).toMatchObject({
      tenant: 'acme',
      halted: { by: 'mir-cli', reason: 'incident 42' },
    });
    expect((await mir('tenant', 'status', 'acme', '--data', dataDir)).stdout).toMatch(
      /^acme: HALTED since .* by mir-cli: incident 42\n$/,
    );
    await mir('tenant', 'resume', 'acme', '--reason', 'resolved', '--data', dataDir);
    expect((await mir('tenant', 'status', 'acme', '--data', dataDir)).stdout).toBe('acme: active\n');
    const log = openSqliteEventLog(join(dataDir, 'ledger.db'), { readOnly: true });
    expect((await log.readStream('tenant-acme')).map((event) => event.type)).toEqual([
      'TenantHalted',
      'TenantResumed',
    ]);
    await log.close();
  });

  it('given the tenant mir models add registers for is halted, then the add is refused, recorded, and nothing is stored; halting it again is refused too', async () => {
    const models = mkdtempSync(join(tmpdir(), 'mir-cli-halted-'));
    const { ledger } = await openEmbeddedLedger(resolveDataDirectory(models));
    await ledger.close();
    expect((await mir('tenant', 'halt', SYSTEM_TENANT, '--reason', 'incident', '--data', models)).code).toBe(
      0,
    );
    const entry = (await readShippedManifest()).models.find((model) => model.name === 'risk-classifier')!;
    const add = await mir(
      'models',
      'add',
      shippedModelPath(entry),
      '--name',
      'risk',
      '--version',
      '1',
      '--data',
      models,
    );
    expect(add.code).toBe(2);
    expect(add.stderr).toMatch(/^mir: TENANT_HALTED: tenant system is halted: incident/);
    const again = await mir('tenant', 'halt', SYSTEM_TENANT, '--reason', 'again', '--data', models);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/^mir: TENANT_HALTED: /);
    expect(existsSync(join(models, 'models', `${entry.sha256}.onnx`))).toBe(false);
    const log = openSqliteEventLog(join(models, 'ledger.db'), { readOnly: true });
    expect(
      (await log.readStream(`refusals-${SYSTEM_TENANT}`)).map((event) => [event.meta.actor.id, event.data]),
    ).toEqual([
      [
        'mir-cli',
        expect.objectContaining({ action: 'RegisterModel', subject: 'risk', reason: 'TENANT_HALTED' }),
      ],
      ['mir-cli', expect.objectContaining({ action: 'HaltTenant', reason: 'TENANT_HALTED' })],
    ]);
    expect(await log.readStream('model-risk')).toEqual([]);
    await log.close();
    rmSync(models, { recursive: true, force: true });
  }, 120_000);
});
