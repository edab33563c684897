import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import { loadRuntimeConfig } from '../config/runtimeConfig.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { startMirRuntime } from '../runtime/mirRuntime.js';
import { httpGraphql } from './testing/httpGraphql.js';

const CALLS = 40;
/** Compensations requested before the kill: enough to be in the middle, far from the end. */
const KILL_AFTER = 5;

interface Started {
  readonly url: string;
  readonly admin: string;
  readonly app: string;
  readonly runId: string;
}

/** Compensating calls requested on the run so far (read-only, beside the writer). */
async function compensationsRequested(ledgerFile: string, runId: string): Promise<number> {
  const log = openSqliteEventLog(ledgerFile, { readOnly: true });
  try {
    const events = await log.readStream(`run-${runId}`);
    return events.filter((event) => isCompensation(event)).length;
  } finally {
    await log.close();
  }
}

const isCompensation = (event: RecordedEvent) =>
  event.type === 'ToolCallRequested' && (event.data as { compensates?: unknown }).compensates !== undefined;

/** Runs the child until its rollback has requested `KILL_AFTER` compensations, then SIGKILLs it. */
function rollbackThenKill(dataDir: string, ledgerFile: string): Promise<Started> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'testing/rollbackUnderKill.ts'), dataDir, String(CALLS)],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let started: Started | undefined;
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    const line = output.split('\n').find((text) => text.startsWith('{'));
    if (started === undefined && line !== undefined) started = JSON.parse(line) as Started;
  });
  const poll = setInterval(() => {
    if (started === undefined || child.exitCode !== null) return;
    void compensationsRequested(ledgerFile, started.runId).then((count) => {
      if (count >= KILL_AFTER && child.exitCode === null) child.kill('SIGKILL');
    });
  }, 20);
  return new Promise((resolve, reject) => {
    child.on('exit', (_code, signal) => {
      clearInterval(poll);
      if (signal === 'SIGKILL' && started !== undefined) resolve(started);
      else reject(new Error(`child ended on its own (${String(signal)}):\n${output}`));
    });
  });
}

describe('a rollback interrupted by kill -9', () => {
  let dataDir: string;
  beforeEach(() => (dataDir = mkdtempSync(join(tmpdir(), 'mir-rollback-crash-'))));
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('given the process killed mid-compensations, when the server starts again, then it resumes and compensates nothing twice', async () => {
    const ledgerFile = resolveDataDirectory(dataDir).ledgerFile;
    const { runId, app } = await rollbackThenKill(dataDir, ledgerFile);
    const before = await compensationsRequested(ledgerFile, runId);
    expect(before).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(before).toBeLessThan(CALLS);

    const runtime = await startMirRuntime(
      loadRuntimeConfig({ data: dataDir, port: '0' }, {}),
      pino({ level: 'silent' }),
    );
    try {
      const log = openSqliteEventLog(ledgerFile, { readOnly: true });
      const events = await log.readStream(`run-${runId}`);
      await log.close();
      const end = events.filter(
        (event) => event.type === 'RunRolledBack' || event.type === 'RunRollbackFailed',
      );
      expect(end).toHaveLength(1);
      const { compensated, failed = [] } = end[0]!.data as {
        compensated: { callId: string }[];
        failed?: { callId: string; outcome: string }[];
      };
      // Every original call is accounted for once: compensated, or named as interrupted (at most the one in flight).
      expect(compensated.length + failed.length).toBe(CALLS);
      expect(failed.every((problem) => problem.outcome === 'interrupted')).toBe(true);
      expect(failed.length).toBeLessThanOrEqual(1);
      // Nothing compensated twice: one compensating request and at most one outcome per compensated call.
      const requests = events.filter(isCompensation);
      const targets = requests.map(
        (event) => (event.data as { compensates: { callId: string } }).compensates.callId,
      );
      expect(new Set(targets).size).toBe(targets.length);
      expect(targets.length).toBe(CALLS);
      const requestIds = new Set(requests.map((event) => (event.data as { callId: string }).callId));
      const outcomes = events.filter(
        (event) =>
          event.type === 'ToolCallCompleted' && requestIds.has((event.data as { callId: string }).callId),
      );
      expect(outcomes.length).toBe(compensated.length);
      // The kv store: every compensated key holds nothing again.
      const reader = await httpGraphql(
        runtime.url,
        app,
        `mutation { startRun(goal: "r", agent: "a") {
        ... on RunCommandPayload { run { id } } } }`,
      );
      const readerId = (reader.run as { id: string }).id;
      const keys = events
        .filter((event) => event.type === 'ToolCallRequested' && !isCompensation(event))
        .map((event) => ({
          callId: (event.data as { callId: string }).callId,
          key: (event.data as { args: { key: string } }).args.key,
        }));
      const compensatedIds = new Set(compensated.map((call) => call.callId));
      for (const { key } of keys.filter((call) => compensatedIds.has(call.callId))) {
        const got = await httpGraphql(
          runtime.url,
          app,
          `mutation($id: ID!, $key: String!) {
          invokeTool(runId: $id, tool: "kv.get", version: "1", args: { key: $key }) { ... on ToolCallCompleted { output } } }`,
          { id: readerId, key },
        );
        expect(got.output).toEqual({ key, current: null });
      }
    } finally {
      await runtime.close();
    }
  }, 120_000);
});
