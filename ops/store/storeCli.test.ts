import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPostgres } from '../../ledger/postgres/testing/testPostgres.js';
import type { TestPostgres } from '../../ledger/postgres/testing/testPostgres.js';
import { runMir, spawnMirServe } from '../cli/testing/mirProcess.js';

// The test server trusts local connections, so any password connects: it only has to stay out of every output.
const SECRET = 'Pa55-w0rd-S3cret';
const SCHEMA = 'ledger_cli';

describe('mir serve, verify and the other commands on a PostgreSQL ledger (real PostgreSQL, real processes)', () => {
  let postgres: TestPostgres;
  let root: string;
  let database: string;
  let store: string;

  beforeAll(async () => {
    postgres = await startTestPostgres();
    database = await postgres.createDatabase('cli');
    store = `${database.replace('//mir@', `//mir:${SECRET}@`)}?schema=${SCHEMA}`;
    root = mkdtempSync(join(tmpdir(), 'mir-store-cli-'));
  });

  afterAll(async () => {
    await postgres?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('given --store with a password, when mir serve --data DIR --port 0 --store URL starts and stops, then MIR ready names the store redacted and no output holds the password', async () => {
    const server = spawnMirServe(join(root, 'node'), 0, ['--store', store]);
    await server.ready();
    const ready = JSON.parse(
      server
        .output()
        .split('\n')
        .find((line) => line.includes('"MIR ready"'))!,
    ) as { url: string; store: string };
    const shown = `postgres://mir:***@127.0.0.1:${postgres.port}/cli`;
    expect(ready.store).toBe(`${shown} (schema ${SCHEMA})`);
    const metrics = await (await fetch(ready.url.replace(/\/graphql$/, '/metrics'))).text();
    expect(metrics).toContain(
      `mir_ledger_store_info{kind="postgres",location="${shown} (schema ${SCHEMA})"} 1`,
    );
    expect(metrics).not.toContain(SECRET);
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.output()).not.toContain(SECRET);
  }, 30_000);

  it('given the ledger that server wrote, when mir verify --store URL, then it is intact', async () => {
    const verified = await runMir(['verify', '--store', store, '--json']);
    expect(verified.stderr + verified.stdout).not.toContain(SECRET);
    expect(verified.code).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
  });

  it('given that ledger, then mir checkpoint, keys public and export --store give a range bundle that verify-bundle accepts under the pinned key', async () => {
    const checkpoint = await runMir(['checkpoint', '--store', store, '--json']);
    expect(checkpoint.code).toBe(0);
    expect((JSON.parse(checkpoint.stdout) as { treeSize: number }).treeSize).toBeGreaterThan(2);
    const key = await runMir(['keys', 'public', '--data', join(root, 'node'), '--store', store]);
    expect(key.code).toBe(0);
    const out = join(root, 'range.json');
    const exported = await runMir(['export', '--from', '0', '--to', '1', '--out', out, '--store', store]);
    expect(exported.stderr).not.toContain(SECRET);
    expect(exported.code).toBe(0);
    const verified = await runMir(['verify-bundle', out, '--public-key', key.stdout.trim()]);
    expect(verified.code).toBe(0);
  });

  it('given a command that cannot work on a shared ledger, then it refuses clearly (STORE_NOT_SUPPORTED)', async () => {
    const rotated = await runMir(['keys', 'rotate', '--data', join(root, 'node'), '--store', store]);
    expect(rotated.code).not.toBe(0);
    expect(rotated.stderr).toContain('mir keys rotate does not work on postgres://mir:***@');
    expect(rotated.stderr).not.toContain(SECRET);
  });

  it('given a store that is not a PostgreSQL URL, then CONFIG_INVALID names MIR_STORE, the password redacted', async () => {
    const refused = await runMir(['verify', '--store', `mysql://root:${SECRET}@db/ledger`]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('MIR_STORE (--store) must be a postgres:// or postgresql:// URL');
    expect(refused.stderr).not.toContain(SECRET);
  });

  it('given a PostgreSQL store that cannot be reached, then the error names it, the password redacted', async () => {
    const unreachable = `postgres://mir:${SECRET}@127.0.0.1:1/cli`;
    const refused = await runMir(['verify', '--store', unreachable]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('postgres://mir:***@127.0.0.1:1/cli (schema mir)');
    expect(refused.stderr).not.toContain(SECRET);
  });

  it('given an event rewritten by the superuser (immutability triggers disabled), when mir verify --store URL, then the ledger is reported broken', async () => {
    const client = new pg.Client({ connectionString: database });
    await client.connect();
    try {
      await client.query(`ALTER TABLE ${SCHEMA}.events DISABLE TRIGGER USER`);
      await client.query(`UPDATE ${SCHEMA}.events SET data = replace(data, 'mir', 'mlr') WHERE position = 0`);
    } finally {
      await client.end();
    }
    const verified = await runMir(['verify', '--store', store, '--json']);
    expect(verified.code).toBe(1);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: false, failure: { position: 0 } });
  });
});
