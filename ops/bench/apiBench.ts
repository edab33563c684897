// npm run bench:api [-- --seconds S --rounds R --connections C --subscribers N]
// 1. A typical auditor query (a run with 20 events and nested actor / API key / checkpoint fields) against the full
//    MIR server, next to a bare Yoga `{ hello }` server measured in the same run on the same machine.
// 2. Subscription latency from commit to client with N SSE subscribers.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createSchema, createYoga } from 'graphql-yoga';
import { pino } from 'pino';
import { loadRuntimeConfig } from '../config/runtimeConfig.js';
import { startMirRuntime } from '../runtime/mirRuntime.js';
import type { MirRuntime } from '../runtime/mirRuntime.js';
import { fmt, median, summarise } from './benchStats.js';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { LoadFigures, LoadTarget } from './httpLoad.js';
import { subscribeSse } from './sseClients.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '16' },
    subscribers: { type: 'string', default: '100' },
    events: { type: 'string', default: '200' },
  },
});
const seconds = Number(args.seconds);
const connections = Number(args.connections);

const AUDIT_QUERY = `query AuditRun($id: ID!) {
  run(id: $id) {
    id status goal stepCount startedAt
    startedBy { keyId role }
    events(first: 20) {
      edges { node { id type position hash prevHash occurredAt actor { kind id apiKey { keyId role label } } checkpoint { treeSize rootHash } } }
    }
  }
}`;

async function graphql(
  runtime: MirRuntime,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
) {
  const response = await fetch(`${runtime.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (body.errors !== undefined) throw new Error(JSON.stringify(body.errors));
  return body.data!;
}

/** A run with exactly 20 events (start, 18 steps, complete), written through the API as an app would. */
async function seedRun(runtime: MirRuntime, appToken: string): Promise<string> {
  const started = await graphql(
    runtime,
    appToken,
    `
      mutation {
        startRun(goal: "book a trip", agent: "planner", input: { city: "Oslo" }) {
          ... on RunCommandPayload {
            run {
              id
            }
          }
        }
      }
    `,
  );
  const runId = (started.startRun as { run: { id: string } }).run.id;
  for (let step = 1; step <= 18; step++) {
    await graphql(
      runtime,
      appToken,
      `mutation($id: ID!, $s: String!) { recordStep(runId: $id, kind: "tool_call", summary: $s, payload: {n: ${step}}) { __typename } }`,
      { id: runId, s: `step ${step}` },
    );
  }
  await graphql(
    runtime,
    appToken,
    `
      mutation ($id: ID!) {
        completeRun(runId: $id, output: { ok: true }) {
          __typename
        }
      }
    `,
    { id: runId },
  );
  await runtime.ledger.checkpointNow();
  return runId;
}

async function startBareYoga(): Promise<{ url: string; close: () => Promise<void> }> {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { hello: String }',
      resolvers: { Query: { hello: () => 'world' } },
    }),
    logging: false,
  });
  const server = createServer((request, response) => void yoga(request, response));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Runs the load from a separate process (fair to both servers: the client never shares their event loop). */
async function runLoad(
  target: Omit<LoadTarget, 'check'>,
  load: number,
  duration: number,
): Promise<LoadFigures> {
  const child = join(import.meta.dirname, 'loadProcess.ts');
  const { stdout } = await promisify(execFile)(process.execPath, [
    '--import',
    'tsx',
    child,
    JSON.stringify({ target, connections: load, seconds: duration }),
  ]);
  return JSON.parse(stdout) as LoadFigures;
}

async function queryThroughput(runtime: MirRuntime, auditorToken: string, runId: string): Promise<void> {
  const bare = await startBareYoga();
  const mir: LoadFigures[] = [];
  const base: LoadFigures[] = [];
  const auditTarget = {
    url: `${runtime.url}/graphql`,
    body: JSON.stringify({ query: AUDIT_QUERY, variables: { id: runId } }),
    headers: { authorization: `Bearer ${auditorToken}` },
  };
  const cpu = { bare: 0, mir: 0 };
  const measured = async (key: 'bare' | 'mir', load: () => Promise<LoadFigures>) => {
    const before = process.cpuUsage();
    const figures = await load();
    const used = process.cpuUsage(before);
    cpu[key] += (used.user + used.system) / 1000 / (figures.requestsPerSecond * seconds);
    return figures;
  };
  for (let round = 0; round < Number(args.rounds); round++) {
    base.push(
      await measured('bare', () =>
        runLoad({ url: bare.url, body: JSON.stringify({ query: '{ hello }' }) }, connections, seconds),
      ),
    );
    mir.push(await measured('mir', () => runLoad(auditTarget, connections, seconds)));
  }
  const sample = await fetch(auditTarget.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...auditTarget.headers },
    body: auditTarget.body,
  });
  console.log(
    `server CPU per request: MIR ${fmt(cpu.mir / Number(args.rounds), 3)} ms, bare ${fmt(cpu.bare / Number(args.rounds), 3)} ms; MIR response ${fmt((await sample.text()).length)} bytes`,
  );
  await bare.close();
  const m = {
    rps: median(mir.map((f) => f.requestsPerSecond)),
    p99: median(mir.map((f) => f.p99)),
    errors: mir.reduce((n, f) => n + f.errors, 0),
  };
  const b = { rps: median(base.map((f) => f.requestsPerSecond)), p99: median(base.map((f) => f.p99)) };
  console.log(
    `auditor query (run, 20 events, nested actor/apiKey/checkpoint): ${fmt(m.rps)} req/s p99 ${fmt(m.p99, 2)} ms (${m.errors} errors) | ` +
      `bare Yoga { hello }: ${fmt(b.rps)} req/s p99 ${fmt(b.p99, 2)} ms | ratio ${fmt(m.rps / b.rps, 2)}x  [${connections} connections, ${seconds}s, median of ${args.rounds}]`,
  );
}

async function subscriptionLatency(
  runtime: MirRuntime,
  auditorToken: string,
  appToken: string,
): Promise<void> {
  const subscribers = Number(args.subscribers);
  const events = Number(args.events);
  const query = 'subscription { ledgerTail(filter: { types: ["StepRecorded"] }) { position } }';
  const clients = Array.from({ length: subscribers }, () =>
    subscribeSse(
      `${runtime.url}/graphql`,
      auditorToken,
      query,
      (payload) => (payload as { data: { ledgerTail: { position: number } } }).data.ledgerTail.position,
    ),
  );
  await Promise.all(clients.map((client) => client.ready));
  await new Promise((resolve) => setTimeout(resolve, 300));
  const started = await graphql(
    runtime,
    appToken,
    `
      mutation {
        startRun(goal: "latency", agent: "bench") {
          ... on RunCommandPayload {
            run {
              id
            }
          }
        }
      }
    `,
  );
  const runId = (started.startRun as { run: { id: string } }).run.id;
  const log = runtime.ledger.log;
  const committedAt = new Map<number, number>();
  const meta = {
    tenant: 'default',
    actor: { kind: 'service', id: 'bench' },
    correlationId: 'c',
    causationId: 'c',
    occurredAt: new Date().toISOString(),
  } as const;
  const [last] = await log.readStream(`run-${runId}`, { direction: 'backwards', maxCount: 1 });
  const revision = last!.revision;
  for (let i = 0; i < events; i++) {
    const id = crypto.randomUUID();
    const result = await log.append(
      `run-${runId}`,
      [
        {
          id,
          type: 'StepRecorded',
          schemaVersion: 1,
          data: { stepNumber: i + 1, kind: 'tick', summary: 'tick', payload: null },
          meta,
        },
      ],
      revision + i,
    );
    committedAt.set(result.lastPosition, performance.now());
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const latencies: number[] = [];
  let missing = 0;
  for (const client of clients) {
    for (const [position, at] of committedAt) {
      const arrived = client.received.get(position);
      if (arrived === undefined) missing++;
      else latencies.push(arrived - at);
    }
    client.close();
  }
  const summary = summarise(latencies);
  console.log(
    `subscription latency, commit → client, ${subscribers} SSE subscribers × ${events} events: p50 ${fmt(summary.p50, 2)} ms p99 ${fmt(summary.p99, 2)} ms (${missing} missing)`,
  );
}

mkdirSync('.bench', { recursive: true });
const dataDir = mkdtempSync(join('.bench', 'api-'));
const runtime = await startMirRuntime(
  loadRuntimeConfig({ data: dataDir, port: '0' }, {}),
  pino({ level: 'warn' }),
);
const admin = { kind: 'user', id: 'bench' } as const;
const app = await runtime.apiKeys.issue({ role: 'app', tenant: 'default', label: 'bench app' }, admin);
const auditor = await runtime.apiKeys.issue(
  { role: 'auditor', tenant: 'default', label: 'bench auditor' },
  admin,
);
const runId = await seedRun(runtime, app.token);
await queryThroughput(runtime, auditor.token, runId);
if (process.env.SKIP_SUBS !== '1') await subscriptionLatency(runtime, auditor.token, app.token);
await runtime.close();
rmSync(dataDir, { recursive: true, force: true });
