// npm run bench:inference [-- --seconds S --rounds R --samples N]
// What governed inference adds to a model run: raw `session.run` in this thread vs `requestInference` through
// the application service (registry lookup, validation, digests, InferenceRequested + InferenceCompleted appended
// durably to the SQLite ledger, the worker-thread hop), for a ~10 µs and a ~0.5 ms model, in interleaved rounds.
// The same path over the in-memory event log separates the runtime's own cost from the fsyncs. Then throughput
// with 1 and 2 workers against raw single-thread throughput.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import ort from 'onnxruntime-node';
import type { EventLog, NamedTensor } from '../../domain/index.js';
import { RunCommandService } from '../../domain/index.js';
import { openOnnxInference } from '../../inference/index.js';
import { createMemoryEventLog } from '../../ledger/index.js';
import { resolveDataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';
import { systemClock } from '../system/systemClock.js';
import { uuidV7Ids } from '../system/uuidV7Ids.js';
import { halfMillisecondModel, tinyModel } from './benchModels.js';
import { InferenceFloors } from './inferenceFloors.js';
import { fmt, median, summarise } from './benchStats.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '5' },
    samples: { type: 'string', default: '2000' },
  },
});
const seconds = Number(args.seconds);
const rounds = Number(args.rounds);
const samples = Number(args.samples);
mkdirSync('.bench', { recursive: true });
const root = resolve(mkdtempSync(join('.bench', 'inference-')));
const origin = { actor: { kind: 'service', id: 'bench' }, tenant: 'bench' } as const;

interface BenchModel {
  readonly name: string;
  readonly label: string;
  readonly bytes: Uint8Array;
  readonly input: NamedTensor;
}
const models: BenchModel[] = [
  { name: 'bench-tiny', label: '~10 µs model', bytes: tinyModel(), input: tensor('x', [1, 4]) },
  {
    name: 'bench-half-ms',
    label: '~0.5 ms model',
    bytes: halfMillisecondModel(),
    input: tensor('x', [1, 64]),
  },
];

function tensor(name: string, dims: [number, number]): NamedTensor {
  return {
    name,
    type: 'float32',
    dims,
    data: Array.from({ length: dims[0] * dims[1] }, (_, i) => (i % 7) / 7),
  };
}

/** A MIR stack over `log`: registry, engine with `workers` workers, service; both bench models registered. */
async function mirStack(log: EventLog, workers: number, modelsDir: string) {
  const runtime = openOnnxInference({
    log,
    clock: systemClock,
    ids: uuidV7Ids,
    modelsDir,
    engine: { workers, executionProviders: ['cpu'], maxQueue: 4096 },
  });
  for (const model of models)
    await runtime.registerModel({ bytes: model.bytes, name: model.name, version: '1' }, origin);
  const runs = new RunCommandService(log, systemClock, uuidV7Ids);
  const newRun = async () => {
    const runId = uuidV7Ids.newId();
    await runs.execute(
      { type: 'StartRun', runId, goal: 'bench', agent: 'bench', input: null, budget: {} },
      origin,
    );
    return runId;
  };
  return { runtime, newRun };
}

type Stack = Awaited<ReturnType<typeof mirStack>>;

async function rawLatencies(session: ort.InferenceSession, input: NamedTensor): Promise<number[]> {
  const feeds = {
    [input.name]: new ort.Tensor('float32', Float32Array.from(input.data as number[]), [...input.dims]),
  };
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await session.run(feeds);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

async function mirLatencies(stack: Stack, model: BenchModel, runId: string): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) {
    const t0 = performance.now();
    await stack.runtime.service.requestInference({ runId, model: model.name, inputs: [model.input] }, origin);
    latencies.push(performance.now() - t0);
  }
  return latencies;
}

async function main(): Promise<void> {
  const durable = await openEmbeddedLedger(resolveDataDirectory(join(root, 'durable')), {});
  const sqlite = await mirStack(durable.log, 1, join(root, 'durable', 'models'));
  const memory = await mirStack(createMemoryEventLog(), 1, join(root, 'memory-models'));
  const floors = new InferenceFloors(join(root, 'durable', 'raw-floor.db'));
  console.log(
    `onnxruntime-node ${ort.env.versions.node}; ${samples} sequential requests per round, ${rounds} rounds`,
  );
  console.log('added = MIR − raw at the same percentile (median over rounds); ratio = MIR p50 / raw p50');
  console.log('own = added p50 − the floors (worker round trip; with SQLite also the durable commit)\n');
  for (const model of models) {
    const session = await ort.InferenceSession.create(model.bytes, {
      executionProviders: ['cpu'],
      intraOpNumThreads: 1,
    });
    const runs = { sqlite: await sqlite.newRun(), memory: await memory.newRun() };
    await rawLatencies(session, model.input);
    await mirLatencies(sqlite, model, runs.sqlite);
    await mirLatencies(memory, model, runs.memory);
    const stream = `run-${runs.sqlite}`;
    const recorded = (
      await durable.log.readStream(stream, { direction: 'backwards', maxCount: 2 })
    ).reverse();
    const request = {
      model: { name: model.name, sha256: '0'.repeat(64), location: root },
      inputs: [model.input],
    };
    const figures = { raw: [] as Summary[], sqlite: [] as Summary[], memory: [] as Summary[] };
    const floorFigures = { hop: [] as Summary[], commit: [] as Summary[] };
    for (let round = 0; round < rounds; round++) {
      figures.raw.push(summarise(await rawLatencies(session, model.input)));
      figures.sqlite.push(summarise(await mirLatencies(sqlite, model, runs.sqlite)));
      figures.memory.push(summarise(await mirLatencies(memory, model, runs.memory)));
      const busyMs = figures.raw.at(-1)!.p50;
      floorFigures.hop.push(summarise(await floors.workerRoundTrips(request, busyMs, samples)));
      floorFigures.commit.push(summarise(await floors.durableCommits(recorded, samples)));
    }
    await session.release();
    const [raw, hop, commit] = [
      medianOf(figures.raw),
      medianOf(floorFigures.hop),
      medianOf(floorFigures.commit),
    ];
    console.log(`${model.label}: raw session.run  p50 ${us(raw.p50)}  p99 ${us(raw.p99)}`);
    console.log(
      `  floors: worker round trip p50 ${us(hop.p50)}; durable commit of the 2 events p50 ${us(commit.p50)}`,
    );
    for (const [ledger, label, floor] of [
      ['sqlite', 'SQLite ledger (fsync)', hop.p50 + commit.p50],
      ['memory', 'in-memory event log  ', hop.p50],
    ] as const) {
      const mir = medianOf(figures[ledger]);
      const added = mir.p50 - raw.p50;
      console.log(
        `  requestInference, ${label}  p50 ${us(mir.p50)}  p99 ${us(mir.p99)}  | added p50 ${us(added)}  p99 ${us(mir.p99 - raw.p99)}  | ${fmt(mir.p50 / raw.p50, 2)}x | own ${us(added - floor)}`,
      );
    }
  }
  await floors.close();
  await sqlite.runtime.close();
  await memory.runtime.close();

  console.log(
    `\nthroughput, ~0.5 ms model, ${seconds} s, 32 requests in flight over 32 runs (SQLite ledger):`,
  );
  const half = models[1]!;
  const session = await ort.InferenceSession.create(half.bytes, {
    executionProviders: ['cpu'],
    intraOpNumThreads: 1,
  });
  const rawRate = await rawThroughput(session, half.input);
  await session.release();
  console.log(`  raw session.run, this thread        ${fmt(rawRate)} inferences/s`);
  for (const workers of [1, 2]) {
    const stack = await mirStack(durable.log, workers, join(root, 'durable', 'models'));
    const rate = await mirThroughput(stack, half);
    console.log(
      `  requestInference, ${workers} worker${workers > 1 ? 's' : ' '}       ${fmt(rate)} inferences/s  (${fmt(rate / rawRate, 2)}x raw)`,
    );
    await stack.runtime.close();
  }
  await durable.ledger.close();
  rmSync(root, { recursive: true, force: true });
}

type Summary = ReturnType<typeof summarise>;

function medianOf(rounds: Summary[]): Summary {
  return { p50: median(rounds.map((r) => r.p50)), p99: median(rounds.map((r) => r.p99)) };
}

function us(ms: number): string {
  return `${fmt(ms * 1000, 1).padStart(7)} µs`;
}

async function rawThroughput(session: ort.InferenceSession, input: NamedTensor): Promise<number> {
  const feeds = {
    [input.name]: new ort.Tensor('float32', Float32Array.from(input.data as number[]), [...input.dims]),
  };
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < seconds * 1000) {
    await session.run(feeds);
    count++;
  }
  return count / ((performance.now() - started) / 1000);
}

async function mirThroughput(stack: Stack, model: BenchModel): Promise<number> {
  const runIds = await Promise.all(Array.from({ length: 32 }, () => stack.newRun()));
  let count = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    runIds.map(async (runId) => {
      while (performance.now() < deadline) {
        await stack.runtime.service.requestInference(
          { runId, model: model.name, inputs: [model.input] },
          origin,
        );
        count++;
      }
    }),
  );
  return count / ((performance.now() - started) / 1000);
}

await main();
