// npm run bench:ledger [-- --data DIR --events N --seconds S --rounds R]
// Durable append throughput and latency against a raw better-sqlite3 baseline measured in the same run, batched
// appends, and verification of a large ledger (left in DIR/ledger so `mir verify --data DIR/ledger` can re-run it).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openLedgerDatabase } from '../../ledger/sqlite/openLedgerDatabase.js';
import { openSqliteEventLog, verifyLedger } from '../../ledger/index.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';
import { benchEvent, idSource } from './benchEvents.js';
import { fmt } from './benchStats.js';
import { closedLoop, interleavedMedians, logAppender } from './closedLoop.js';
import type { AppendFn, ClosedLoopFigures } from './closedLoop.js';
import { RawGroupInserter } from './rawBaseline.js';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    events: { type: 'string', default: '1000000' },
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
  },
});
mkdirSync('.bench', { recursive: true });
const root = resolve(args.data ?? mkdtempSync(join('.bench', 'ledger-')));
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const verifyEvents = Number(args.events);
mkdirSync(root, { recursive: true });
const scratch = mkdtempSync(join(root, 'scratch-'));
let fileCounter = 0;
const freshDir = () => join(scratch, `run-${fileCounter++}`);

type Figures = ClosedLoopFigures;

const drive = (writers: number, perCall: number, append: AppendFn) =>
  closedLoop(writers, perCall, seconds, append);

async function mirScenario(writers: number, perCall: number): Promise<Figures> {
  const { ledger } = await openEmbeddedLedger(resolveDataDirectory(freshDir()));
  const figures = await drive(writers, perCall, logAppender(ledger.log, perCall));
  await ledger.close();
  return figures;
}

async function rawScenario(writers: number, perCall: number): Promise<Figures> {
  const nextId = idSource();
  const dir = freshDir();
  mkdirSync(dir, { recursive: true });
  const db = openLedgerDatabase(join(dir, 'ledger.db'));
  const raw = new RawGroupInserter(db);
  const figures = await drive(writers, perCall, (stream, _writer, step) =>
    raw.append(
      stream,
      Array.from({ length: perCall }, (_, i) => benchEvent(nextId, step * perCall + i)),
    ),
  );
  db.close();
  return figures;
}

/** Alternates baseline and MIR rounds so drift on a shared machine hits both; reports medians. */
async function compare(label: string, writers: number, perCall: number) {
  const { baseline: r, candidate: m } = await interleavedMedians(
    rounds,
    () => rawScenario(writers, perCall),
    () => mirScenario(writers, perCall),
  );
  console.log(
    `${label.padEnd(26)} MIR ${fmt(m.eventsPerSecond).padStart(8)} ev/s  p50 ${fmt(m.p50, 3)} ms  p99 ${fmt(m.p99, 3)} ms | ` +
      `raw ${fmt(r.eventsPerSecond).padStart(8)} ev/s  p50 ${fmt(r.p50, 3)} ms  p99 ${fmt(r.p99, 3)} ms | ratio ${fmt(m.eventsPerSecond / r.eventsPerSecond, 2)}x`,
  );
}

async function buildLedger(dir: string, events: number): Promise<number> {
  rmSync(dir, { recursive: true, force: true });
  const nextId = idSource();
  const { ledger } = await openEmbeddedLedger(resolveDataDirectory(dir));
  const started = performance.now();
  for (let written = 0, call = 0; written < events; call++) {
    const count = Math.min(1000, events - written);
    const stream = `run-s${call % 100}`;
    await ledger.log.append(
      stream,
      Array.from({ length: count }, (_, i) => benchEvent(nextId, written + i)),
      'any',
    );
    written += count;
  }
  const elapsed = (performance.now() - started) / 1000;
  await ledger.checkpointNow();
  await ledger.close();
  return events / elapsed;
}

async function verification(dir: string): Promise<void> {
  const log = openSqliteEventLog(join(dir, 'ledger.db'), { readOnly: true });
  const t0 = performance.now();
  let scanned = 0;
  for (let from = 0; ; from += 20_000) {
    const page = await log.readEncoded(from, 20_000);
    scanned += page.length;
    if (page.length < 20_000) break;
  }
  const scanSeconds = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const report = await verifyLedger(log);
  const verifySeconds = (performance.now() - t1) / 1000;
  await log.close();
  if (!report.ok) throw new Error(`verification failed: ${JSON.stringify(report.failure)}`);
  console.log(
    `verify ${fmt(report.eventsVerified)} events      MIR ${fmt(report.eventsVerified / verifySeconds).padStart(8)} ev/s (${fmt(verifySeconds, 2)} s, ${report.checkpointsVerified} checkpoints) | ` +
      `plain row scan ${fmt(scanned / scanSeconds)} ev/s (${fmt(scanSeconds, 2)} s) | ratio ${fmt(scanSeconds / verifySeconds, 2)}x`,
  );
}

console.log(
  `ledger benchmark: ${seconds}s per scenario, median of ${rounds} interleaved rounds, data in ${root}`,
);
for (const writers of [1, 8, 32]) await compare(`${writers} writer(s), 1 event/call`, writers, 1);
await compare('1 writer, 1000 events/call', 1, 1000);
rmSync(scratch, { recursive: true, force: true });
const ledgerDir = join(root, 'ledger');
console.log(`building a ${fmt(verifyEvents)}-event ledger in ${ledgerDir} …`);
const buildRate = await buildLedger(ledgerDir, verifyEvents);
console.log(`  (built at ${fmt(buildRate)} ev/s with 1000 events/call)`);
await verification(ledgerDir);
console.log(`the ledger stays in ${ledgerDir}: npx mir verify --data ${ledgerDir}`);
