// npm run bench:projections [-- --data DIR --events N --rounds R --batch B]
// Full rebuild of every read model from a ledger of N realistic run events, against baselines measured in the same
// run on the same ledger: a plain page scan, a scan that also parses every event, and hand-written inserts of the
// same rows with no projection layer. The ledger is kept in DIR (reused when it already holds N events or more).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Database } from 'better-sqlite3';
import type { EncodedEvent, EventLog, EventMeta, NewEvent } from '../../domain/index.js';
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
    batch: { type: 'string', default: '1000' },
  },
});
const events = Number(args.events);
const rounds = Number(args.rounds);
const batchSize = Number(args.batch);
mkdirSync('.bench', { recursive: true });
const root = resolve(args.data ?? join('.bench', 'projections'));
const ledgerDir = join(root, 'ledger');

/** Deterministic pseudo-random numbers (mulberry32), so every build of the ledger has the same shape. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
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
const ENDINGS = ['RunCompleted', 'RunCompleted', 'RunCompleted', 'RunCompleted', 'RunFailed', 'RunCancelled'];

/** The event a run appends next: RunStarted, then its steps, then how it ended (mostly completed). */
function nextEvent(run: ActiveRun, random: () => number, nextId: () => string, at: number): NewEvent {
  const meta: EventMeta = {
    tenant: run.tenant,
    actor: { kind: 'service', id: `app-${run.tenant}` },
    correlationId: run.runId,
    causationId: run.runId,
    occurredAt: new Date(at).toISOString(),
  };
  const event = (type: string, data: NewEvent['data']): NewEvent => ({
    id: nextId(),
    type,
    schemaVersion: 1,
    data,
    meta,
  });
  if (run.next === 0) {
    const agent = `agent-${Math.floor(random() * 10)}`;
    const input = {
      prompt: 'summarise the open support tickets for the account',
      account: Math.floor(random() * 1e6),
    };
    return event('RunStarted', {
      runId: run.runId,
      goal: 'answer the customer',
      agent,
      input,
      budget: { maxSteps: 64 },
    });
  }
  if (run.next <= run.steps) {
    const kind = KINDS[Math.floor(random() * KINDS.length)]!;
    const payload = {
      tool: 'ticket_search',
      args: { query: 'status:open', limit: 20 },
      ok: true,
      latencyMs: Math.floor(random() * 900),
    };
    return event('StepRecorded', {
      stepNumber: run.next,
      kind,
      summary: 'looked up the open tickets of the account',
      payload,
    });
  }
  const ending = ENDINGS[Math.floor(random() * ENDINGS.length)]!;
  if (ending === 'RunFailed') return event(ending, { reason: 'the model endpoint timed out' });
  if (ending === 'RunCancelled')
    return event(ending, { reason: 'user closed the session', cancelledBy: 'user-1' });
  return event(ending, {
    output: { answer: 'three tickets are waiting on the customer', tokens: Math.floor(random() * 4000) },
  });
}

/** ~1000 runs in flight at once, each round appending one event per run concurrently (group commit batches them). */
async function buildLedger(): Promise<void> {
  rmSync(ledgerDir, { recursive: true, force: true });
  const { ledger } = await openEmbeddedLedger(resolveDataDirectory(ledgerDir));
  const random = seeded(42);
  const nextId = idSource();
  const newRun = (): ActiveRun => ({
    runId: nextId(),
    tenant: `tenant-${Math.floor(random() * 20)}`,
    steps: 3 + Math.floor(random() * 30),
    next: 0,
    revision: -1,
  });
  let active = Array.from({ length: 1000 }, newRun);
  let written = 0;
  let clock = Date.UTC(2026, 10, 23, 12);
  const started = performance.now();
  while (written < events) {
    const round = active.slice(0, Math.min(active.length, events - written));
    await Promise.all(
      round.map(async (run) => {
        const event = nextEvent(run, random, nextId, clock++);
        const result = await ledger.log.append(
          `run-${run.runId}`,
          [event],
          run.revision < 0 ? 'no_stream' : run.revision,
        );
        run.revision = result.nextExpectedRevision;
        run.next++;
      }),
    );
    written += round.length;
    active = active.map((run) => (run.next > run.steps + 1 ? newRun() : run));
  }
  await ledger.checkpointNow();
  await ledger.close();
  console.log(
    `  built at ${fmt(written / ((performance.now() - started) / 1000))} ev/s (1000 concurrent single-event appends)`,
  );
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

/** The same rows the projections write, by hand-written statements: no lazy events, effects or dispatch. */
function rawInserter(db: Database): (page: EncodedEvent[]) => void {
  const audit = db.prepare('INSERT INTO audit_events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const step = db.prepare('INSERT INTO run_steps VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  const start =
    db.prepare(`INSERT INTO runs (run_id, tenant, status, goal, agent, input_json, budget_json, started_at,
    started_by, started_position, updated_at, last_position, revision) VALUES (?, ?, 'pending', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const move = db.prepare(
    'UPDATE runs SET status = ?, step_count = step_count + ?, updated_at = ?, last_position = ?, revision = ? WHERE run_id = ?',
  );
  const transaction = db.transaction((page: EncodedEvent[]) => {
    for (const e of page) {
      const meta = JSON.parse(e.meta) as EventMeta;
      audit.run(
        e.position,
        meta.tenant,
        e.stream,
        e.revision,
        e.type,
        meta.actor.kind,
        meta.actor.id,
        Date.parse(meta.occurredAt),
        e.id,
      );
      if (!e.stream.startsWith('run-')) continue;
      const runId = e.stream.slice(4);
      const data = JSON.parse(e.data) as Record<string, never>;
      if (e.type === 'RunStarted') {
        start.run(
          runId,
          meta.tenant,
          data.goal,
          data.agent,
          JSON.stringify(data.input),
          JSON.stringify(data.budget),
          meta.occurredAt,
          meta.actor.id,
          e.position,
          meta.occurredAt,
          e.position,
          e.revision,
        );
      } else if (e.type === 'StepRecorded') {
        step.run(
          e.position,
          runId,
          meta.tenant,
          data.stepNumber,
          data.kind,
          data.summary,
          JSON.stringify(data.payload),
          meta.occurredAt,
          e.id,
        );
        move.run('running', 1, meta.occurredAt, e.position, e.revision, runId);
      } else {
        move.run('completed', 0, meta.occurredAt, e.position, e.revision, runId);
      }
    }
  });
  return (page) => transaction.immediate(page);
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

const scratch = () => mkdtempSync(join(root, 'readmodels-'));

async function rebuildRound(log: EventLog): Promise<Timed> {
  const dir = scratch();
  const models = openReadModels(join(dir, 'readmodels.db'), log, { batchSize });
  const result = await timed(async () => {
    const head = await models.runner.rebuild();
    return (head ?? -1) + 1;
  });
  await models.close();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

/** Same bulk strategy as the rebuild: rows into bare tables, then every index created at the end. */
async function rawRound(log: EventLog): Promise<Timed> {
  const dir = scratch();
  const db = openReadModelDatabase(join(dir, 'readmodels.db'));
  const indexes = db
    .prepare<[], [string, string]>(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL",
    )
    .raw()
    .all();
  for (const [name] of indexes) db.exec(`DROP INDEX "${name}"`);
  const insert = rawInserter(db);
  const result = await timed(async () => {
    const count = await scan(log, insert);
    for (const [, sql] of indexes) db.exec(sql);
    return count;
  });
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return result;
}

const decodeAll = (page: EncodedEvent[]) => {
  for (const event of page) {
    JSON.parse(event.data);
    JSON.parse(event.meta);
  }
};

async function main(): Promise<void> {
  console.log(
    `projections benchmark: ${fmt(events)} run events, batches of ${batchSize}, median of ${rounds} rounds, data in ${root}`,
  );
  mkdirSync(root, { recursive: true });
  const ledgerFile = join(ledgerDir, 'ledger.db');
  let log = existsSync(ledgerFile) ? openSqliteEventLog(ledgerFile, { readOnly: true }) : undefined;
  const held = log === undefined ? 0 : ((await log.headPosition()) ?? -1) + 1;
  if (log === undefined || held < events) {
    await log?.close();
    console.log(`building the ledger in ${ledgerDir} …`);
    await buildLedger();
    log = openSqliteEventLog(ledgerFile, { readOnly: true });
  }
  const total = ((await log.headPosition()) ?? -1) + 1;
  console.log(
    `ledger holds ${fmt(total)} events (run events plus the ledger's own: genesis, key, checkpoints)`,
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
      `${label.padEnd(44)} ${fmt(rate(list)).padStart(10)} ev/s  (${fmt(median(list.map((t) => t.seconds)), 2)} s)  rebuild/this ${fmt(rebuild / rate(list), 2)}x`,
    );
  line('baseline: scan pages, no parsing', figures.scan);
  line('baseline: scan + JSON.parse data and meta', figures.decode);
  line('baseline: hand-written inserts of same rows', figures.raw);
  line('MIR rebuild (runs, timeline, audit, api keys)', figures.rebuild);
  console.log(`target >= 100,000 ev/s: ${rebuild >= 100_000 ? 'met' : 'NOT met'}`);
}

await main();
