import { openSession } from './openSession.js';
import type { OpenedSession } from './openSession.js';
import { readVerifiedModel } from './readVerifiedModel.js';
import type { WorkerConfig, WorkerModel } from './workerProtocol.js';

/**
 * One worker's open sessions, one per model, keyed by the model's SHA-256. A session only ever comes from bytes
 * that hashed to that key, so a cached session needs no re-check; a model not cached yet (first use, or a fresh
 * worker that replaced a crashed one) is read and verified before it opens.
 *
 * Not safe for concurrent calls: the pool gives each worker one task at a time.
 */
export class SessionCache {
  readonly #sessions = new Map<string, OpenedSession>();
  readonly #config: WorkerConfig;
  readonly #open: (bytes: Uint8Array, config: WorkerConfig) => Promise<OpenedSession>;

  /** `open` is ONNX Runtime's session opening; tests pass a fake to see what it is given. */
  constructor(
    config: WorkerConfig,
    open: (bytes: Uint8Array, config: WorkerConfig) => Promise<OpenedSession> = openSession,
  ) {
    this.#config = config;
    this.#open = open;
  }

  /** The model's session when this worker has it open already (the synchronous hot path), else undefined. */
  cached(sha256: string): OpenedSession | undefined {
    return this.#sessions.get(sha256) ?? this.#sessions.get(sha256.toLowerCase());
  }

  /** The model's session, opening it first when this worker has none. */
  async get(model: WorkerModel): Promise<OpenedSession> {
    const cached = this.cached(model.sha256);
    if (cached !== undefined) return cached;
    const bytes = await readVerifiedModel(model);
    const opened = await this.#open(bytes, this.#config);
    this.#sessions.set(model.sha256.toLowerCase(), opened);
    return opened;
  }

  /** Drops and releases the model's session; nothing happens when this worker has none. */
  async unload(sha256: string): Promise<void> {
    const key = sha256.toLowerCase();
    const opened = this.#sessions.get(key);
    if (opened === undefined) return;
    this.#sessions.delete(key);
    await opened.session.release();
  }

  async releaseAll(): Promise<void> {
    for (const sha256 of [...this.#sessions.keys()]) await this.unload(sha256);
  }
}
