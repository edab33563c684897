import type { InferenceErrorCode, JsonValue, NamedTensor } from '../../domain/index.js';
import type { ExecutionProviderName } from './executionProviders.js';
import type { TaskControl } from './taskControl.js';

/** Pool-wide settings every worker receives once, as `workerData`. */
export interface WorkerConfig {
  readonly executionProviders: readonly ExecutionProviderName[];
  readonly intraOpThreads: number;
  readonly maxOutputElements: number;
}

/** What a worker needs to find and verify a model file. */
export interface WorkerModel {
  readonly sha256: string;
  readonly location: string;
}

/**
 * A rendezvous for broadcast tasks (load, unload, release): one task per worker, each waiting until `parties`
 * have arrived, so no worker can take two of them. Slot 0 of `counter` counts arrivals.
 */
export interface WorkerBarrier {
  readonly counter: Int32Array;
  readonly parties: number;
  /** How long a task waits for the others before giving up (the others then load lazily). */
  readonly waitMs: number;
}

/** What a task asks of a worker. */
export type WorkerJob =
  | { readonly kind: 'run'; readonly model: WorkerModel; readonly inputs: readonly NamedTensor[] }
  | { readonly kind: 'load'; readonly model: WorkerModel; readonly barrier: WorkerBarrier }
  | { readonly kind: 'unload'; readonly sha256: string; readonly barrier: WorkerBarrier }
  | { readonly kind: 'releaseAll'; readonly barrier: WorkerBarrier };

/** A job with its shared state cell (see taskControl): what piscina carries to the worker. */
export type WorkerTask = WorkerJob & { readonly control: TaskControl };

export interface WorkerRunOutput {
  readonly outputs: readonly NamedTensor[];
  readonly executionProvider: string;
  readonly runtimeVersion: string;
  readonly latencyMs: number;
}

export interface WorkerLoadOutput {
  readonly executionProvider: string;
  readonly fallbackReason: string | null;
}

/**
 * An `InferenceError` flattened for the trip to the main thread: structured cloning keeps an Error's message but
 * not its class, code or details, so workers reply with this and the engine rebuilds the error.
 */
export interface SerializedInferenceError {
  readonly code: InferenceErrorCode;
  readonly message: string;
  readonly details: Readonly<Record<string, JsonValue>>;
}

/** Workers never throw across the boundary: a reply is a value or an expected failure. */
export type WorkerReply<Value> =
  | { readonly ok: true; readonly value: Value }
  | { readonly ok: false; readonly error: SerializedInferenceError };
