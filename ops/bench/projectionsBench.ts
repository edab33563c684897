// npm run bench:projections [-- --data DIR --events N --rounds R --batch B]
// Full rebuild of every read model from a ledger of N realistic run events, against baselines measured in the same
// run on the same ledger: a plain page scan, a scan that also parses every event, and hand-written inserts of the
// same rows with no projection layer (same bulk strategy: bare tables, fsync off, indexes at the end). The ledger
// is kept in DIR (default .bench/projections; reused when it already holds N events or more).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from 'better-sqlite3';
import type { EncodedEvent, EventLog, EventMeta, JsonObject, NewEvent } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import { openReadModelDatabase, openReadModels } from '../../projections/index.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';
import { idSource } from './benchEvents.js';
import { fmt, median } from './benchStats.js';

const { values: args } = parseArgs({
  options: {
    data: { type: 'string' },
    events: { type: 'string', default: '500000' },
    rounds: { type: 'string', default: '3' },
    batch: { type: 'string', default: '10000' },
  },
});
const events = Number(args.events);
const rounds = Number(args.rounds);
const batchSize = Number(args.batch);
mkdirSync('.bench', { recursive: true });
const root = resolve(args.data ?? join('.bench', 'projections'));
const ledgerDir = join(root, 'ledger');
const IN_FLIGHT = 1000;

/** Deterministic pseudo-random integers below `max` (mulberry32), so every build has the same shape. */
function seeded(seed: number): (max: number) => number {
  let state = seed;
  return (max) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * max);
  };
}

interface ActiveRun {
  readonly runId: string;
  readonly tenant: string;
  readonly steps: number;
  next: number;
  revision: number;
}

const KINDS = ['inference', 'tool_call', 'retrieval', 'approval_check'];

/** What a run appends next: RunStarted, its steps, then how it ended (4 in 6 completed, 1 failed, 1 cancelled). */
function nextRunEvent(run: ActiveRun, random: (max: number) => number): [string, JsonObject] {
  if (run.next === 0) {
    const input = { prompt: 'summarise the open support tickets for the account', account: random(1e6) };
    const goal = 'answer the customer';
    return [
      'RunStarted',
      { runId: run.runId, goal, agent: `agent-${random(10)}`, input, budget: { maxSteps: 64 } },
    ];
  }
  if (run.next <= run.steps) {
    const payload = {
      tool: 'ticket_search',
      args: { query: 'status:open', limit: 20 },
      ok: true,
      ms: random(900),
    };
    const summary = 'looked up the open tickets of the account';
    return ['StepRecorded', { stepNumber: run.next, kind: KINDS[random(KINDS.length)]!, summary, payload }];
  }
  const ending = random(6);
  if (ending === 4) return ['RunFailed', { reason: 'the model endpoint timed out' }];
  if (ending === 5) return ['RunCancelled', { reason: 'user closed the session', cancelledBy: 'user-1' }];
  return ['RunCompleted', { output: { answer: 'three tickets wait on the customer', tokens: random(4000) } }];
}

function envelope(run: ActiveRun, [type, data]: [string, JsonObject], id: string, at: number): NewEvent {
  const meta: EventMeta = {
    tenant: run.tenant,
    actor: { kind: 'service', id: `app-${run.tenant}` },
    correlationId: run.runId,
    causationId: run.runId,
    occurredAt: new Date(at).toISOString(),
  };
  return { id, type, schemaVersion: 1, data, meta };
}

/** IN_FLIGHT runs at once over 20 tenants; each round appends one event per run concurrently (group commit). */
async function buildLedger(): Promise<void> {
  rmSync(ledgerDir, { recursive: true, force: true });
  const { ledger } = await openEmbeddedLedger(resolveDataDirectory(ledgerDir));
  const random = seeded(42);
  const nextId = idSource();
  const newRun = (): ActiveRun => {
    const [tenant, steps] = [`tenant-${random(20)}`, 3 + random(30)];
    return { runId: nextId(), tenant, steps, next: 0, revision: -1 };
  };
  let active = Array.from({ length: IN_FLIGHT }, newRun);
  let [written, clock] = [0, Date.UTC(2026, 10, 23, 12)];
  const started = performance.now();
  while (written < events) {
    const round = active.slice(0, Math.min(active.length, events - written));
    await Promise.all(
      round.map(async (run) => {
        const event = envelope(run, nextRunEvent(run, random), nextId(), clock++);
        const expected = run.revision < 0 ? 'no_stream' : run.revision;
        run.revision = (await ledger.log.append(`run-${run.runId}`, [event], expected)).nextExpectedRevision;
        run.next++;
      }),
    );
    written += round.length;
    active = active.map((run) => (run.next > run.steps + 1 ? newRun() : run));
  }
  await ledger.checkpointNow();
  await ledger.close();
  const rate = written / ((performance.now() - started) / 1000);
  console.log(`  built at ${fmt(rate)} ev/s (${IN_FLIGHT} concurrent single-event appends)`);
}

async function scan(log: EventLog, visit: (page: EncodedEvent[]) => void): Promise<number> {
  let count = 0;
  for (let from = 0; ; from += batchSize) {
    const page = await log.readEncoded(from, batchSize);
    visit(page);
    count += page.length;
    if (page.length < batchSize) return count;
  }
}

const insertSql = (table: string, columns: string) =>
  `INSERT INTO ${table} (${columns}) VALUES (${columns.split(',').fill('?').join(', ')})`;

type RawStatements = ReturnType<typeof rawStatements>;

function rawStatements(db: Database) {
  const auditColumns =
    'position, tenant, stream, revision, type, actor_kind, actor_id, occurred_at, event_id';
  const stepColumns =
    'position, run_id, tenant, step_number, kind, summary, payload_json, recorded_at, event_id';
  const runColumns =
    'run_id, tenant, status, goal, agent, input_json, budget_json, started_at, started_by, started_position, ' +
    'updated_at, last_position, revision';
  return {
    audit: db.prepare(insertSql('audit_events', auditColumns)),
    step: db.prepare(insertSql('run_steps', stepColumns)),
    start: db.prepare(insertSql('runs', runColumns)),
    move: db.prepare(`UPDATE runs SET status = ?, step_count = step_count + ?, updated_at = ?,
      last_position = ?, revision = ? WHERE run_id = ?`),
  };
}

/**
 * The same rows the projections write, by hand-written statements: no lazy events, effects, dispatch or merging
 * of a run's changes (one UPDATE per run event, as a first version would do it).
 */
function rawInserter(db: Database): (page: EncodedEvent[]) => void {
  const statements = rawStatements(db);
  const transaction = db.transaction((page: EncodedEvent[]) => {
    for (const event of page) {
      const meta = JSON.parse(event.meta) as EventMeta;
      const { audit } = statements;
      const { tenant, actor, occurredAt } = meta;
      const { position, stream, revision, type, id } = event;
      audit.run(position, tenant, stream, revision, type, actor.kind, actor.id, Date.parse(occurredAt), id);
      if (stream.startsWith('run-')) writeRawRun(statements, event, meta);
    }
  });
  return (page) => transaction.immediate(page);
}

function writeRawRun({ start, step, move }: RawStatements, event: EncodedEvent, meta: EventMeta): void {
  const { position, revision, type } = event;
  const [runId, at, data] = [
    event.stream.slice(4),
    meta.occurredAt,
    JSON.parse(event.data) as Record<string, never>,
  ];
  if (type === 'RunStarted') {
    const [input, budget] = [JSON.stringify(data.input), JSON.stringify(data.budget)];
    const started = [runId, meta.tenant, 'pending', data.goal, data.agent, input, budget, at, meta.actor.id];
    start.run(...started, position, at, position, revision);
    return;
  }
  if (type === 'StepRecorded') {
    const payload = JSON.stringify(data.payload);
    step.run(position, runId, meta.tenant, data.stepNumber, data.kind, data.summary, payload, at, event.id);
    move.run('running', 1, at, position, revision, runId);
  } else {
    move.run('ended', 0, at, position, revision, runId);
  }
}

interface Timed {
  readonly eventsPerSecond: number;
  readonly seconds: number;
}

async function timed(work: () => Promise<number>): Promise<Timed> {
  const started = performance.now();
  const count = await work();
  const seconds = (performance.now() - started) / 1000;
  return { eventsPerSecond: count / seconds, seconds };
}

/** A read-model file in a fresh directory, deleted after `work`. */
async function scratch<T>(work: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(root, 'readmodels-'));
  try {
    return await work(join(dir, 'readmodels.db'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const rebuildRound = (log: EventLog) =>
  scratch(async (file) => {
    const models = openReadModels(file, log, { rebuildBatchSize: batchSize });
    const result = await timed(async () => ((await models.runner.rebuild()) ?? -1) + 1);
    await models.close();
    return result;
  });

/** Same bulk strategy as the rebuild: rows into bare tables with fsync off, then every index, then fsync. */
const rawRound = (log: EventLog) =>
  scratch(async (file) => {
    const db = openReadModelDatabase(file);
    const indexes = db
      .prepare<[], [string, string]>(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
      )
      .raw()
      .all();
    for (const [name] of indexes) db.exec(`DROP INDEX "${name}"`);
    const insert = rawInserter(db);
    const result = await timed(async () => {
      db.pragma('synchronous = OFF');
      const count = await scan(log, insert);
      for (const [, sql] of indexes) db.exec(sql);
      db.pragma('synchronous = NORMAL');
      db.pragma('wal_checkpoint(TRUNCATE)');
      return count;
    });
    db.close();
    return result;
  });

const decodeAll = (page: EncodedEvent[]) => {
  for (const event of page) {
    JSON.parse(event.data);
    JSON.parse(event.meta);
  }
};

async function openLedgerLog(): Promise<EventLog> {
  const file = join(ledgerDir, 'ledger.db');
  if (existsSync(file)) {
    const log = openSqliteEventLog(file, { readOnly: true });
    if (((await log.headPosition()) ?? -1) + 1 >= events) return log;
    await log.close();
  }
  console.log(`building the ledger in ${ledgerDir} …`);
  await buildLedger();
  return openSqliteEventLog(file, { readOnly: true });
}

async function main(): Promise<void> {
  console.log(
    `projections benchmark: ${fmt(events)} run events, batches of ${fmt(batchSize)}, median of ${rounds}`,
  );
  mkdirSync(root, { recursive: true });
  const log = await openLedgerLog();
  const total = ((await log.headPosition()) ?? -1) + 1;
  console.log(
    `ledger ${ledgerDir}: ${fmt(total)} events (runs, plus the ledger's genesis, key and checkpoints)`,
  );
  const figures = { scan: [] as Timed[], decode: [] as Timed[], raw: [] as Timed[], rebuild: [] as Timed[] };
  for (let round = 0; round < rounds; round++) {
    figures.scan.push(await timed(() => scan(log, () => {})));
    figures.decode.push(await timed(() => scan(log, decodeAll)));
    figures.raw.push(await rawRound(log));
    figures.rebuild.push(await rebuildRound(log));
  }
  await log.close();
  const rate = (list: Timed[]) => median(list.map((t) => t.eventsPerSecond));
  const rebuild = rate(figures.rebuild);
  const line = (label: string, list: Timed[]) =>
    console.log(
      `${label.padEnd(46)} ${fmt(rate(list)).padStart(9)} ev/s  ${fmt(median(list.map((t) => t.seconds)), 2).padStart(6)} s` +
        `  rebuild/this ${fmt(rebuild / rate(list), 2)}x`,
    );
  line('baseline: scan pages, no parsing', figures.scan);
  line('baseline: scan + JSON.parse of data and meta', figures.decode);
  line('baseline: hand-written inserts of the same rows', figures.raw);
  line('MIR rebuild (runs, timeline, audit, api keys)', figures.rebuild);
  console.log(`target >= 100,000 ev/s: ${rebuild >= 100_000 ? 'met' : 'NOT met'}`);
}

await main();
