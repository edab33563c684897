import * as ort from 'onnxruntime-node';
import type { NamedTensor } from '../../domain/index.js';
import type { SessionCache } from './sessionCache.js';
import { fromOrtOutputs, toOrtTensor } from './tensorConversion.js';
import type { WorkerConfig, WorkerModel, WorkerRunOutput } from './workerProtocol.js';

const RUNTIME_VERSION = ort.env.versions.node ?? ort.env.versions.common;

/** Runs one inference in this worker: session (opened and verified on first use), inputs in, outputs out. */
export async function runModel(
  sessions: SessionCache,
  config: WorkerConfig,
  model: WorkerModel,
  inputs: readonly NamedTensor[],
): Promise<WorkerRunOutput> {
  const { session, executionProvider } = sessions.cached(model.sha256) ?? (await sessions.get(model));
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of inputs) feeds[input.name] = toOrtTensor(input);
  const started = performance.now();
  const results = await session.run(feeds);
  const latencyMs = performance.now() - started;
  const outputs = fromOrtOutputs(session.outputNames, results, config.maxOutputElements);
  return { outputs, executionProvider, runtimeVersion: RUNTIME_VERSION, latencyMs };
}
