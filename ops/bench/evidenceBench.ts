// npm run bench:evidence [-- --events N --run-events M]
// Evidence bundles on a SQLite ledger of N events (default 100,000) holding one run of M events (default 1,000)
// spread through it: export and verify-bundle of the run's bundle and of the whole range, next to a baseline
// measured in the same run on the same file: `mir verify` (verifyLedger) of that range. Figures are events/s.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  createSqliteMerkleNodeStore,
  openSqliteEventLog,
  verifyBundleOnNode,
  verifyLedger,
} from '../../ledger/index.js';
import { openTestLedger } from '../../ledger/testing/testLedger.js';
import { TEST_META, testEvent } from '../../ledger/testing/testEvents.js';
import { evidenceExporter } from '../../projections/index.js';
import { fmt } from './benchStats.js';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '100000' },
    'run-events': { type: 'string', default: '1000' },
  },
});
const total = Number(args.events);
const runEvents = Number(args['run-events']);
const RUN_ID = '0194f3a0-0000-7000-8000-00000000be9c';
const BATCH = 100;

const dir = mkdtempSync(join(tmpdir(), 'mir-evidence-bench-'));
const log = openSqliteEventLog(join(dir, 'ledger.db'));
const ledger = await openTestLedger({ log, nodes: createSqliteMerkleNodeStore(log.database) });
try {
  await fill();
  const checkpoint = await ledger.checkpointNow();
  const treeSize = checkpoint?.checkpoint.treeSize ?? 0;
  const exporter = evidenceExporter({ log, tree: ledger.tree });
  const keys = { publicKeys: [ledger.verifierKey] };

  const verified = await timed(() => verifyLedger(log, { toPosition: treeSize - 1 }));
  if (!verified.value.ok) throw new Error(`verify: ${JSON.stringify(verified.value.failure)}`);
  const run = await timed(async () => (await exporter.runBundle(RUN_ID, null))!.content);
  const runCheck = await timed(() => Promise.resolve(verifyBundleOnNode(Buffer.from(run.value), keys)));
  const range = await timed(() => exporter.rangeBundle({ tenant: null, from: 0, to: treeSize - 1 }));
  const rangeCheck = await timed(() => Promise.resolve(verifyBundleOnNode(Buffer.from(range.value), keys)));
  for (const report of [runCheck.value, rangeCheck.value])
    if (!report.ok) throw new Error(`verify-bundle: ${JSON.stringify(report.failure)}`);

  const rate = (events: number, ms: number) => `${fmt((events / ms) * 1000)} events/s`;
  const line = (what: string, events: number, ms: number, extra = '') =>
    `evidence: ${what}: ${events} events in ${fmt(ms)} ms, ${rate(events, ms)}${extra}\n`;
  const ratio = (events: number, ms: number) =>
    `, ${fmt(events / ms / (treeSize / verified.ms), 2)}x the baseline's rate`;
  const runCount = runCheck.value.eventsVerified;
  process.stdout.write(
    line(`mir verify of the ${treeSize}-event ledger [baseline]`, treeSize, verified.ms) +
      line(
        `export of a run (${runEvents} run events among ${treeSize})`,
        runCount,
        run.ms,
        `${ratio(runCount, run.ms)}; ${fmt(run.value.length / 1024)} KiB`,
      ) +
      line('verify-bundle of that run', runCount, runCheck.ms, ratio(runCount, runCheck.ms)) +
      line(
        `export of the range 0..${treeSize - 1}`,
        treeSize,
        range.ms,
        `${ratio(treeSize, range.ms)}; ${fmt(range.value.length / 1024 / 1024, 1)} MiB`,
      ) +
      line('verify-bundle of that range', treeSize, rangeCheck.ms, ratio(treeSize, rangeCheck.ms)),
  );
} finally {
  await ledger.close();
  rmSync(dir, { recursive: true, force: true });
}

/** The run's events spread evenly through `total` events of other streams and another tenant. */
async function fill(): Promise<void> {
  const every = Math.max(1, Math.floor(total / runEvents));
  let written = 3; // genesis, key registration, and the first checkpoint leaves room
  let runRevision = -1;
  for (let batch = 0; written < total; batch++) {
    const size = Math.min(BATCH, total - written);
    const meta = { ...TEST_META, tenant: batch % 2 === 0 ? 'acme' : 'globex' };
    await log.append(
      `noise-${batch}`,
      Array.from({ length: size }, (_, i) => testEvent({ meta, data: { batch, i } })),
      'no_stream',
    );
    written += size;
    while (runRevision + 1 < runEvents && (runRevision + 1) * every < written) {
      runRevision++;
      await log.append(
        `run-${RUN_ID}`,
        [testEvent({ data: { step: runRevision } })],
        runRevision === 0 ? 'no_stream' : runRevision - 1,
      );
      written++;
    }
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const start = performance.now();
  const value = await work();
  return { value, ms: performance.now() - start };
}
