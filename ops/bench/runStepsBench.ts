// npm run bench:runs [-- --steps N --calls M]
// A step's cost must not grow with the run's length. Records N steps on one run through RunCommandService on a
// SQLite ledger, then M governed tool calls (Cedar, ajv, kv on SQLite) on another run through ToolCallService,
// and prints the median cost of the last 100 next to the first 100 (the baseline, measured in the same run).
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RunCommandService } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { APP, openGovernance } from '../toolCalls/governanceFixture.js';
import { fmt, median } from './benchStats.js';

const { values: args } = parseArgs({
  options: { steps: { type: 'string', default: '10000' }, calls: { type: 'string', default: '2000' } },
});
const WINDOW = 100;

/** Times `count` sequential operations; returns each one's milliseconds. */
async function timed(count: number, operation: (index: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    await operation(index);
    samples.push(performance.now() - started);
  }
  return samples;
}

/**
 * Two figures per workload. The line: the last 100 operations of the long run next to its first 100 (the
 * baseline). And a control that the machine's noise cannot fake: after the long run, 100 operations alternate
 * between the long run and a fresh run in the same ledger, so both medians are taken at the same moment.
 */
function report(label: string, samples: number[], control: { long: number[]; fresh: number[] }): void {
  const first = median(samples.slice(0, WINDOW));
  const last = median(samples.slice(-WINDOW));
  const long = median(control.long);
  const fresh = median(control.fresh);
  console.log(`${label} over ${fmt(samples.length)}:`);
  console.log(
    `  first ${WINDOW} median ${fmt(first * 1000)} µs (baseline), last ${WINDOW} median ${fmt(last * 1000)} µs: ` +
      `${fmt(last / first, 2)}× (target ≤ 1.20×)`,
  );
  console.log(
    `  interleaved: fresh run ${fmt(fresh * 1000)} µs (baseline), long run ${fmt(long * 1000)} µs: ` +
      `${fmt(long / fresh, 2)}×`,
  );
}

/** `WINDOW` operations alternating between the long run and a fresh one. */
async function interleaved(
  operate: (runId: string, index: number) => Promise<unknown>,
  long: string,
  fresh: string,
  from: number,
): Promise<{ long: number[]; fresh: number[] }> {
  const samples = { long: [] as number[], fresh: [] as number[] };
  for (let index = from; index < from + WINDOW; index++) {
    samples.long.push(...(await timed(1, () => operate(long, index))));
    samples.fresh.push(...(await timed(1, () => operate(fresh, index))));
  }
  return samples;
}

async function steps(count: number): Promise<void> {
  mkdirSync('.bench', { recursive: true });
  const dir = mkdtempSync(join('.bench', 'runs-'));
  const log = openSqliteEventLog(join(dir, 'ledger.db'));
  try {
    const runs = new RunCommandService(log, manualClock(), testIds);
    const origin = { actor: { kind: 'service', id: 'bench' }, tenant: 'bench' } as const;
    const start = async () => {
      const runId = runs.newRunId(origin);
      const budget = {};
      await runs.execute(
        { type: 'StartRun', runId, goal: 'bench', agent: 'bench', input: null, budget },
        origin,
      );
      return runId;
    };
    const step = (runId: string, index: number) =>
      runs.execute(
        { type: 'RecordStep', runId, kind: 'step', summary: `step ${index}`, payload: { index } },
        origin,
      );
    const warmUp = await start();
    await timed(2 * WINDOW, (index) => step(warmUp, index));
    const long = await start();
    const samples = await timed(count, (index) => step(long, index));
    report(
      'RecordStep (RunCommandService, SQLite)',
      samples,
      await interleaved(step, long, await start(), count),
    );
  } finally {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function toolCalls(count: number): Promise<void> {
  const g = await openGovernance();
  try {
    const budget = { maxToolCalls: count + 2 * WINDOW };
    const call = (runId: string, index: number) =>
      g.toolCalls.invokeTool(
        { runId, tool: 'kv.put', version: '2', args: { key: `k${index}`, value: index } },
        APP,
      );
    const warmUp = await g.startRun(budget);
    await timed(WINDOW, (index) => call(warmUp, index));
    const long = await g.startRun(budget);
    const samples = await timed(count, (index) => call(long, index));
    const control = await interleaved(call, long, await g.startRun(budget), count);
    report('invokeTool kv.put (ToolCallService: Cedar, ajv, kv, SQLite)', samples, control);
  } finally {
    await g.dispose();
  }
}

await steps(Number(args.steps));
await toolCalls(Number(args.calls));
