/**
 * The GPU check behind `npm run test:gpu` (see gpuCheck.ts): one model through `OrtInferenceEngine` on CUDA and on
 * CPU; CUDA must really have run and the outputs must agree.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineModel, NamedTensor } from '../../domain/index.js';
import { OrtInferenceEngine } from '../engine/index.js';
import { detectCudaSupport } from './cudaDetection.js';
import type { GpuProbe } from './cudaDetection.js';
import { checkModel, checkInputs, compareOutputs } from './gpuCheckModel.js';

const RUNS = 50;

interface Measured {
  readonly loadMs: number;
  readonly provider: string;
  readonly fallbackReason: string | null;
  readonly outputs: readonly NamedTensor[];
  readonly providersSeen: readonly string[];
  readonly medianRunMs: number;
  readonly medianRoundTripMs: number;
}

async function measure(providers: readonly string[], model: EngineModel): Promise<Measured> {
  const engine = new OrtInferenceEngine({ workers: 1, executionProviders: providers });
  try {
    const started = performance.now();
    const loaded = await engine.load(model);
    const loadMs = performance.now() - started;
    const inputs = checkInputs();
    const runs = [];
    const roundTrips = [];
    for (let index = 0; index < RUNS; index++) {
      const sent = performance.now();
      runs.push(await engine.run({ model, inputs }));
      roundTrips.push(performance.now() - sent);
    }
    return {
      loadMs,
      provider: loaded.executionProvider,
      fallbackReason: loaded.fallbackReason,
      outputs: runs[0]!.outputs,
      providersSeen: [...new Set(runs.map((run) => run.executionProvider))],
      medianRunMs: median(runs.map((run) => run.latencyMs)),
      medianRoundTripMs: median(roundTrips),
    };
  } finally {
    await engine.close();
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function problemsWith(cuda: Measured, cpu: Measured): string[] {
  const problems: string[] = [];
  if (cuda.provider !== 'cuda')
    problems.push(`load ran on ${cuda.provider}, not cuda (${cuda.fallbackReason ?? '?'})`);
  if (cuda.providersSeen.some((provider) => provider !== 'cuda'))
    problems.push(`runs reported ${cuda.providersSeen.join(', ')}`);
  if (cpu.provider !== 'cpu') problems.push(`the reference ran on ${cpu.provider}, not cpu`);
  const comparison = compareOutputs(cuda.outputs, cpu.outputs);
  if (!comparison.agree) problems.push(comparison.description);
  return problems;
}

/**
 * The check itself: returns the exit code and prints through `print`. `probe` decides whether there is a GPU to
 * check; with one that claims a GPU where CUDA cannot load, the check must FAIL (the engine falls back to CPU).
 */
export async function runGpuCheck(probe: GpuProbe, print: (line: string) => void): Promise<number> {
  const support = detectCudaSupport(probe);
  if (!support.available) {
    print(`SKIPPED: ${support.reason}`);
    return 0;
  }
  const directory = await mkdtemp(join(tmpdir(), 'mir-gpu-check-'));
  try {
    const bytes = checkModel();
    const location = join(directory, 'gpu-check.onnx');
    await writeFile(location, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const model: EngineModel = { name: 'gpu-check', version: '1', sha256, location };
    const cuda = await measure(['cuda'], model);
    const cpu = await measure(['cpu'], model);
    const problems = problemsWith(cuda, cpu);
    print(problems.length === 0 ? 'PASS: CUDA ran the check model and agrees with CPU' : 'FAIL:');
    for (const problem of problems) print(`  - ${problem}`);
    print(`  ${compareOutputs(cuda.outputs, cpu.outputs).description}`);
    for (const [name, measured] of [
      ['cuda', cuda],
      ['cpu', cpu],
    ] as const)
      print(
        `  ${name}: load ${measured.loadMs.toFixed(1)} ms, session.run median ${measured.medianRunMs.toFixed(3)} ms,` +
          ` engine round trip median ${measured.medianRoundTripMs.toFixed(3)} ms (${RUNS} runs)`,
      );
    return problems.length === 0 ? 0 : 1;
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}
