import type { Worker } from 'node:worker_threads';
import { Piscina } from 'piscina';
import { InferenceError } from '../../domain/index.js';
import type {
  EngineLoadResult,
  EngineModel,
  EngineRunRequest,
  EngineRunResult,
  EngineStats,
  InferenceEngine,
} from '../../domain/index.js';
import { resolveEngineOptions } from './engineOptions.js';
import type { OrtInferenceEngineOptions, ResolvedEngineOptions } from './engineOptions.js';
import { ortWorkerFile } from './ortWorkerFile.js';
import { poolFailure, rebuildError, timeoutError } from './poolFailure.js';
import { newTaskControl } from './taskControl.js';
import { TaskDeadline } from './taskDeadline.js';
import { newWorkerBarrier } from './workerBarrier.js';
import type {
  WorkerBarrier,
  WorkerConfig,
  WorkerLoadOutput,
  WorkerReply,
  WorkerRunOutput,
  WorkerJob,
  WorkerTask,
} from './workerProtocol.js';

/**
 * ONNX Runtime (onnxruntime-node) behind a piscina pool of worker threads, one task per worker at a time.
 *
 * - Sessions: each worker keeps one per model, keyed by SHA-256, opened from bytes it has just read and hashed
 *   (MODEL_INTEGRITY_VIOLATION on a mismatch or a missing file). `load` opens it in every worker at once: one
 *   task per worker, held at a shared barrier so no worker takes two (see workerBarrier); a worker the broadcast
 *   misses (busy past the barrier's wait, or started later to replace one) opens it on first use, same check.
 * - Backpressure: a request finding `maxQueue` requests already waiting is refused at once with OVERLOADED.
 * - Time-outs: the caller gets INFERENCE_TIMEOUT at the deadline. A queued task is dropped; a running one cannot
 *   be interrupted (and a worker must not be terminated inside ONNX Runtime: see taskControl), so its worker
 *   discards the result and exits as soon as the run returns, and piscina starts a replacement.
 * - Crashes: a worker that dies mid-task fails that request with WORKER_CRASHED; piscina replaces it.
 */
export class OrtInferenceEngine implements InferenceEngine {
  readonly #options: ResolvedEngineOptions;
  readonly #pool: Piscina<WorkerTask, WorkerReply<unknown>>;
  #pending = 0;
  #onIdle: (() => void) | null = null;
  #closing: Promise<void> | null = null;

  constructor(options: OrtInferenceEngineOptions = {}) {
    this.#options = resolveEngineOptions(options);
    const config: WorkerConfig = {
      executionProviders: this.#options.executionProviders,
      intraOpThreads: this.#options.intraOpThreads,
      maxOutputElements: this.#options.maxOutputElements,
    };
    this.#pool = new Piscina({
      filename: ortWorkerFile(),
      workerData: config,
      minThreads: this.#options.workers,
      maxThreads: this.#options.workers,
      idleTimeout: Infinity,
      // One task per worker: a session runs one inference at a time, and load broadcasts rely on it.
      concurrentTasksPerWorker: 1,
      // Piscina's run-time histogram costs two clock reads and a record per task; the engine reports latency itself.
      recordTiming: false,
    });
    // Piscina emits 'error' when a worker dies with no task on it; unheard, that would crash the process. Tasks
    // that were running are rejected individually and reported as WORKER_CRASHED; the pool replaces the worker.
    this.#pool.on('error', () => undefined);
  }

  async load(model: EngineModel): Promise<EngineLoadResult> {
    this.#admit();
    const replies = await this.#broadcast<WorkerLoadOutput>((barrier) => ({
      kind: 'load',
      model: { sha256: model.sha256, location: model.location },
      barrier,
    }));
    const { executionProvider, fallbackReason } = replies[0]!;
    return { executionProvider, fallbackReason };
  }

  /** Throws RangeError for a `timeoutMs` that is not a positive number (a caller's bug, not a runtime state). */
  async run(request: EngineRunRequest): Promise<EngineRunResult> {
    const timeoutMs = request.timeoutMs ?? this.#options.defaultTimeoutMs;
    if (!(timeoutMs > 0))
      throw new RangeError(`timeoutMs must be a positive number of milliseconds, not ${timeoutMs}`);
    this.#admit();
    const job: WorkerJob = {
      kind: 'run',
      model: { sha256: request.model.sha256, location: request.model.location },
      inputs: request.inputs,
    };
    const output = await this.#submit<WorkerRunOutput>(job, timeoutMs);
    return {
      outputs: output.outputs,
      executionProvider: output.executionProvider,
      runtime: 'onnxruntime-node',
      runtimeVersion: output.runtimeVersion,
      latencyMs: output.latencyMs,
    };
  }

  /** Releases the model's sessions in every worker the broadcast reaches (see `load`); the rest free theirs on close. */
  async unload(sha256: string): Promise<void> {
    this.#admit();
    await this.#broadcast((barrier) => ({ kind: 'unload', sha256, barrier }));
  }

  stats(): EngineStats {
    const queued = this.#pool.queueSize;
    return {
      workers: this.#pool.threads.length,
      running: Math.max(0, this.#pending - queued),
      queued,
      queueLimit: this.#options.maxQueue,
    };
  }

  /**
   * Refuses new work at once, lets accepted work finish (including runs already abandoned at their deadline,
   * which cannot be cut short), releases every session, then stops the workers.
   */
  close(): Promise<void> {
    this.#closing ??= this.#shutDown();
    return this.#closing;
  }

  /**
   * The live worker threads, for diagnostics (resource usage, heap snapshots) and fault-injection tests. A worker
   * that dies fails its task with WORKER_CRASHED and is replaced; but never `terminate()` one that may be inside
   * ONNX Runtime: onnxruntime-node then aborts the whole process when the native call returns.
   */
  workerThreads(): readonly Worker[] {
    return this.#pool.threads;
  }

  async #shutDown(): Promise<void> {
    await this.#whenIdle();
    // Best effort: a worker that misses the broadcast has its sessions freed with its thread anyway.
    await this.#broadcast((barrier) => ({ kind: 'releaseAll', barrier })).catch(() => undefined);
    await this.#pool.destroy();
  }

  /** Throws ENGINE_CLOSED after close(), OVERLOADED when the queue is full: never queues beyond the limit. */
  #admit(): void {
    if (this.#closing !== null) throw new InferenceError('ENGINE_CLOSED', 'the inference engine is closed');
    const queued = this.#pool.queueSize;
    if (queued >= this.#options.maxQueue)
      throw new InferenceError('OVERLOADED', 'the inference queue is full; retry later', {
        queued,
        limit: this.#options.maxQueue,
      });
  }

  /** One task per worker, each waiting at a shared barrier so that no worker takes two (see workerBarrier). */
  #broadcast<Value>(taskFor: (barrier: WorkerBarrier) => WorkerJob): Promise<Value[]> {
    const { workers, defaultTimeoutMs } = this.#options;
    const barrier = newWorkerBarrier(workers, defaultTimeoutMs);
    const tasks = Array.from({ length: workers }, () =>
      this.#submit<Value>(taskFor(barrier), 2 * defaultTimeoutMs),
    );
    return Promise.all(tasks);
  }

  /**
   * Runs one job in the pool. The caller's promise settles at the deadline at the latest; the pool task may
   * outlive it (a started run cannot be interrupted), and `#pending` counts it until it really ends, so close()
   * never stops a worker that is inside ONNX Runtime.
   */
  #submit<Value>(job: WorkerJob, timeoutMs: number): Promise<Value> {
    return new Promise<Value>((resolve, reject) => {
      const control = newTaskControl();
      const deadline = new TaskDeadline(timeoutMs, control, () => reject(timeoutError(deadline)));
      this.#pending++;
      this.#pool.run({ ...job, control }, { signal: deadline }).then(
        (reply) => {
          this.#settled(deadline);
          if (reply.ok) resolve(reply.value as Value);
          else reject(rebuildError(reply.error));
        },
        (error: unknown) => {
          this.#settled(deadline);
          reject(poolFailure(error, this.#closing !== null));
        },
      );
    });
  }

  #settled(deadline: TaskDeadline): void {
    deadline.clear();
    this.#pending--;
    if (this.#pending === 0 && this.#onIdle !== null) {
      this.#onIdle();
      this.#onIdle = null;
    }
  }

  #whenIdle(): Promise<void> {
    if (this.#pending === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.#onIdle = resolve;
    });
  }
}
