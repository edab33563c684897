import type { FeaturizerSpec } from './modelEvents.js';
import type { NamedTensor } from './tensors.js';

/** A model file an engine may load: the SHA-256 is what the bytes must hash to, or the load is refused. */
export interface EngineModel {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  /** Where the engine finds the file (a path in the content-addressed store). */
  readonly location: string;
}

export interface EngineRunRequest {
  readonly model: EngineModel;
  readonly inputs: readonly NamedTensor[];
  /** Fails with `INFERENCE_TIMEOUT` past this; the engine's default applies when absent. */
  readonly timeoutMs?: number;
}

export interface EngineRunResult {
  readonly outputs: readonly NamedTensor[];
  /** The execution provider the session ran on. */
  readonly executionProvider: string;
  readonly runtime: string;
  readonly runtimeVersion: string;
  /** Time spent in the runtime's run call, in milliseconds. */
  readonly latencyMs: number;
}

export interface EngineLoadResult {
  readonly executionProvider: string;
  /** Why a preferred provider was not used (e.g. CUDA libraries missing); null when the first choice ran. */
  readonly fallbackReason: string | null;
}

export interface EngineStats {
  readonly workers: number;
  readonly running: number;
  readonly queued: number;
  readonly queueLimit: number;
}

/**
 * An inference engine: runs models, never writes to the ledger. Failures are `InferenceError`s:
 * `MODEL_INTEGRITY_VIOLATION` (details: expectedSha256, actualSha256, actualSize), `OVERLOADED`,
 * `INFERENCE_TIMEOUT`, `WORKER_CRASHED`, `ENGINE_FAILED`, `ENGINE_CLOSED`.
 */
export interface InferenceEngine {
  /** Opens (warms) the model's session in every worker, checking the file's hash first. */
  load(model: EngineModel): Promise<EngineLoadResult>;
  run(request: EngineRunRequest): Promise<EngineRunResult>;
  /** Drops the model's cached sessions. */
  unload(sha256: string): Promise<void>;
  stats(): EngineStats;
  /** Finishes running work, refuses new work, disposes every session and stops the workers. */
  close(): Promise<void>;
}

/** Digests tensors over a documented byte layout (the exact values a model sees). */
export interface TensorDigester {
  digest(tensors: readonly NamedTensor[]): string;
}

/** Turns texts into a model's input tensor, identically to how the model was trained. */
export interface Featurizer {
  /** The tensor for `texts` (one row each), or throws `INFERENCE_INVALID_INPUT` for an unknown spec. */
  featurize(spec: FeaturizerSpec, texts: readonly string[]): NamedTensor;
}
