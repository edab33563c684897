import { execFile, spawn } from 'node:child_process';
import type { ChildProcessByStdio } from 'node:child_process';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** The CLI's source entry point, run through tsx exactly as `mir` runs from dist. */
export const MIR_CLI = join(import.meta.dirname, '..', 'mir.ts');

export interface MirResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `mir ...args` in a child process to completion. `env` replaces the inherited environment when given. */
export async function runMir(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<MirResult> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['--import', 'tsx', MIR_CLI, ...args], {
      ...(env === undefined ? {} : { env }),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A `mir serve` child process: its output so far and how it ended. */
export interface MirServeProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** stdout and stderr together, as received. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Resolves once the server logged `MIR ready`; rejects if the process exits first. */
  ready(): Promise<void>;
}

/**
 * Starts `mir serve --data dataDir --port port` (plus `extra` flags) in a child process; `env` adds to (or
 * overrides) the inherited environment.
 */
export function spawnMirServe(
  dataDir: string,
  port: number,
  extra: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
): MirServeProcess {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MIR_CLI, 'serve', '--data', dataDir, '--port', String(port), ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  let output = '';
  const append = (chunk: Buffer) => (output += chunk.toString());
  child.stdout.on('data', append);
  child.stderr.on('data', append);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = new Promise<void>((resolve, reject) => {
    const check = () => {
      if (output.includes('MIR ready')) resolve();
    };
    child.stdout.on('data', check);
    void exited.then(() => reject(new Error(`mir serve exited before it was ready:\n${output}`)));
  });
  ready.catch(() => undefined);
  return { child, output: () => output, exited, ready: () => ready };
}

/** A `mir witness` child process, once it logged `witness ready`. */
export interface MirWitnessProcess {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  /** The submission prefix (`http://127.0.0.1:<port>`) and the witness verifier key it printed. */
  readonly url: string;
  readonly verifierKey: string;
  output(): string;
  /** SIGTERM, then resolves with the exit code once it exited. */
  stop(): Promise<number | null>;
}

/** Starts `mir witness --state stateDir --port 0 --log-key …` and waits until it listens. */
export async function spawnMirWitness(
  stateDir: string,
  logKeys: readonly string[],
  extra: readonly string[] = [],
): Promise<MirWitnessProcess> {
  const keys = logKeys.flatMap((key) => ['--log-key', key]);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', MIR_CLI, 'witness', '--state', stateDir, '--port', '0', ...keys, ...extra],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const ready = await new Promise<{ url: string; verifierKey: string }>((resolve, reject) => {
    const check = () => {
      const line = output.split('\n').find((text) => text.includes('"witness ready"'));
      if (line === undefined) return;
      const { url, verifierKey } = JSON.parse(line) as { url: string; verifierKey: string };
      resolve({ url: url.replace(/\/add-checkpoint$/, ''), verifierKey });
    };
    child.stdout.on('data', check);
    void exited.then(() => reject(new Error(`mir witness exited before it was ready:\n${output}`)));
  });
  return {
    child,
    ...ready,
    output: () => output,
    stop: () => (child.kill('SIGTERM'), exited),
  };
}
