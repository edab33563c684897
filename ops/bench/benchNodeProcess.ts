import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { PostgresEventLog } from '../../ledger/index.js';
import type { ClosedLoopFigures } from './closedLoop.js';

/** `append`: closed-loop writers on streams of this node; `pace`: one event every `intervalMs`, timed. */
export type BenchNodeJob =
  | { mode: 'append'; url: string; node: number; writers: number; seconds: number }
  | { mode: 'pace'; url: string; events: number; intervalMs: number };

/** What a `pace` job reports per append: its position, and the epoch times (ms) just before and after the call. */
export interface PacedAppend {
  readonly position: number;
  readonly beforeAppendMs: number;
  readonly acknowledgedMs: number;
}

/** What an `append` job reports: its closed-loop figures and how many events each of its commits wrote. */
export interface NodeFigures extends ClosedLoopFigures {
  readonly eventsPerCommit: number;
}

/** Events per group commit of this process's log so far. */
export function eventsPerCommit(log: PostgresEventLog): number {
  const stats = log.commitStats();
  return stats.events / Math.max(1, stats.batches);
}

/** Epoch milliseconds with sub-millisecond resolution, comparable between processes of one machine. */
export const epochMs = () => performance.timeOrigin + performance.now();

/** A started bench node: `ready` once its log is open, `go()` starts its job, `result` is what it printed. */
export interface BenchNode<Result> {
  readonly ready: Promise<void>;
  go(): void;
  readonly result: Promise<Result>;
}

/** Starts `clusterBenchNode.ts` with `job` in its own process (through tsx, as the benchmarks run). */
export function spawnBenchNode<Result>(job: BenchNodeJob): BenchNode<Result> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'clusterBenchNode.ts'), JSON.stringify(job)],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const ready = new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.startsWith('ready\n')) resolve();
    });
  });
  const result = new Promise<Result>((resolve, reject) => {
    child.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`bench node exited ${String(code)}: ${stderr}`));
      resolve(JSON.parse(stdout.slice('ready\n'.length)) as Result);
    });
  });
  // A node that dies before it is ready must not leave `ready` pending forever.
  const readyOrFailed = Promise.race([ready, result.then(() => undefined)]);
  return { ready: readyOrFailed, go: () => child.stdin.end('go\n'), result };
}
