/**
 * What the worker hop costs: `engine.run` (1 worker) against a raw in-process `session.run` on the same tiny model
 * and inputs, with a bare worker_threads ping-pong (same message shape, no piscina, no ONNX Runtime) as the
 * platform's floor for any thread hop. Variants are interleaved over rounds and each figure is the median of the
 * rounds' medians, so a noisy neighbour or a frequency change hits all of them alike.
 * A program, not a test: `npx tsx inference/engine/testing/hopBench.ts`.
 */
import { Worker } from 'node:worker_threads';
import * as ort from 'onnxruntime-node';
import type { NamedTensor } from '../../../domain/index.js';
import { OrtInferenceEngine } from '../ortInferenceEngine.js';
import { toOrtTensor } from '../tensorConversion.js';
import { mixedTypesModel, modelDirectory } from './testModels.js';

const ROUNDS = Number(process.env.HOP_BENCH_ROUNDS ?? 8);
const PER_ROUND = Number(process.env.HOP_BENCH_PER_ROUND ?? 2000);

const inputs: NamedTensor[] = [
  { name: 'x', type: 'float32', dims: [1, 3], data: [0.5, -1, 2] },
  { name: 'ids', type: 'int64', dims: [1], data: [41] },
];

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function roundMedianMicros(action: () => Promise<unknown>): Promise<number> {
  const samples: number[] = [];
  for (let index = 0; index < PER_ROUND; index++) {
    const started = performance.now();
    await action();
    samples.push((performance.now() - started) * 1000);
  }
  return median(samples);
}

function echoWorker(): { readonly ping: () => Promise<unknown>; readonly stop: () => Promise<number> } {
  const worker = new Worker(
    `require('node:worker_threads').parentPort.on('message', function (m) { this.postMessage(m); });`,
    { eval: true },
  );
  const message = { kind: 'run', model: { sha256: '0'.repeat(64), location: '/models/x.onnx' }, inputs };
  return {
    ping: () =>
      new Promise((resolve) => {
        worker.once('message', resolve);
        worker.postMessage(message);
      }),
    stop: () => worker.terminate(),
  };
}

const directory = await modelDirectory();
const model = await directory.add('mixed', mixedTypesModel());
const session = await ort.InferenceSession.create(mixedTypesModel(), {
  executionProviders: ['cpu'],
  intraOpNumThreads: 1,
  interOpNumThreads: 1,
  executionMode: 'sequential',
  graphOptimizationLevel: 'all',
});
const engine = new OrtInferenceEngine({ workers: 1, executionProviders: ['cpu'] });
await engine.load(model);
const echo = echoWorker();

const variants = {
  raw: () => session.run(Object.fromEntries(inputs.map((tensor) => [tensor.name, toOrtTensor(tensor)]))),
  pingPong: echo.ping,
  engine: () => engine.run({ model, inputs }),
};
const rounds: Record<keyof typeof variants, number[]> = { raw: [], pingPong: [], engine: [] };
for (const action of Object.values(variants)) await roundMedianMicros(action); // warm-up
for (let round = 0; round < ROUNDS; round++)
  for (const [name, action] of Object.entries(variants))
    rounds[name as keyof typeof variants].push(await roundMedianMicros(action));

const raw = median(rounds.raw);
const pingPong = median(rounds.pingPong);
const viaEngine = median(rounds.engine);
const format = (micros: number) => `${micros.toFixed(1).padStart(6)} µs`;
console.log(`raw session.run (tensors built each call)  ${format(raw)}`);
console.log(`bare worker ping-pong (platform floor)     ${format(pingPong)}`);
console.log(`engine.run, 1 worker                       ${format(viaEngine)}`);
console.log(`hop overhead (engine − raw)                ${format(viaEngine - raw)}`);
console.log(`  of which beyond the bare ping-pong       ${format(viaEngine - raw - pingPong)}`);
console.log(`rounds (engine): ${rounds.engine.map((micros) => micros.toFixed(0)).join(' ')}`);

await echo.stop();
await engine.close();
await session.release();
await directory.dispose();
