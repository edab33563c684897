import type { Database } from 'better-sqlite3';
import type { EventLog } from '../domain/index.js';
import { beginBulkLoad, endBulkLoad } from './bulkLoad.js';
import { DEFAULT_PROJECTIONS } from './defaultProjections.js';
import type { ProjectionDefinition } from './projection.js';
import { ProjectionApplier } from './projectionApplier.js';
import { assertLedgerHoldsApplied } from './ledgerAgreement.js';
import { ProjectionError } from './projectionErrors.js';
import { PositionWaiters } from './positionWaiters.js';
import { Wakeup } from './wakeup.js';

export interface ProjectionRunnerOptions {
  /** The read-model file (see `openReadModelDatabase`); the runner writes it and never closes it. */
  readonly db: Database;
  /** The ledger to follow; only read, never closed by the runner. */
  readonly log: EventLog;
  /** Default: DEFAULT_PROJECTIONS. */
  readonly projections?: readonly ProjectionDefinition[];
  /** Most events read and applied per transaction. Default 1000. */
  readonly batchSize?: number;
  /**
   * The same during `rebuild()`, where nobody waits on single positions and bigger transactions merge more
   * changes to each run (at the price of holding the event loop longer per batch). Default 10,000.
   */
  readonly rebuildBatchSize?: number;
  /** While idle, re-read the log this often to see other processes' appends. Default 250 ms. */
  readonly pollMs?: number;
  /** Wait after a failure before retrying; doubles per consecutive failure up to `maxRetryMs`. Default 1000. */
  readonly retryMs?: number;
  /** Default 30,000. */
  readonly maxRetryMs?: number;
  /** Told of every failure of the background loop (which then waits and retries). Must not throw. */
  readonly onError?: (error: unknown) => void;
}

export interface WaitOptions {
  /** Reject with PROJECTION_WAIT_TIMEOUT after this long. Default: wait as long as it takes. */
  readonly timeoutMs?: number;
}

/**
 * Keeps read models up to date with the ledger: reads pages of stored events from the position the projections
 * last applied, applies each page in one transaction together with the new positions, and once at the head
 * sleeps until a commit (`watchCommits`: this process's, and on a shared store every node's) or the poll timer wakes it.
 *
 * A failure (a projection throwing, SQLite, the log) rolls its batch back and is never skipped: the loop reports
 * it to `onError`, waits, and retries from the stored position, so lag grows until the cause is fixed.
 */
export interface ProjectionRunner {
  /**
   * Checks that the ledger still holds the events the read models stopped at (READ_MODEL_AHEAD when the ledger
   * is shorter, READ_MODEL_DIVERGED when the event there differs: call `rebuild()`), then follows the log in the
   * background: catch-up, then live. A second call does nothing.
   */
  start(): Promise<void>;
  /** Applies everything up to the head as of the call, in the caller's task; rejects on the first failure. */
  catchUp(): Promise<number | null>;
  /**
   * Drops and recreates the read-model tables (the ledger is not touched), catches up from position 0 with the
   * queries' indexes left out and fsync off (see `beginBulkLoad`), then creates the indexes and makes the file
   * durable again, also when the catch-up fails. A crash in between makes the next open start from an empty
   * file. Queries during a rebuild see partial data, slowly. Resolves with the head it caught up to; a running
   * loop goes on following afterwards.
   */
  rebuild(): Promise<number | null>;
  /** Position applied by every projection; null while one has applied nothing. */
  appliedPosition(): number | null;
  /** Events in the log not yet applied by every projection (head − applied position), for metrics. */
  lag(): Promise<number>;
  /** Resolves once `appliedPosition() >= position` (read-your-writes after an append at `position`). */
  waitFor(position: number, options?: WaitOptions): Promise<void>;
  /** The failure the loop is currently retrying after, or null while healthy. */
  lastError(): unknown;
  /** Stops following (after the batch in flight), rejects pending waits with PROJECTION_CLOSED. Idempotent. */
  close(): Promise<void>;
}

export function createProjectionRunner(options: ProjectionRunnerOptions): ProjectionRunner {
  return new FollowingRunner(options);
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

class FollowingRunner implements ProjectionRunner {
  readonly #db: Database;
  readonly #log: EventLog;
  readonly #applier: ProjectionApplier;
  readonly #batchSize: number;
  readonly #rebuildBatchSize: number;
  readonly #pollMs: number;
  readonly #retryMs: number;
  readonly #maxRetryMs: number;
  readonly #onError: (error: unknown) => void;
  readonly #wakeup = new Wakeup();
  readonly #waiters = new PositionWaiters();
  #serial: Promise<unknown> = Promise.resolve();
  #loop: Promise<void> | undefined;
  #rebuilding: Promise<unknown> | undefined;
  #unwatch: (() => void) | undefined;
  #verified = false;
  #closed = false;
  #lastError: unknown = null;

  constructor(options: ProjectionRunnerOptions) {
    this.#db = options.db;
    this.#log = options.log;
    this.#applier = new ProjectionApplier(options.db, options.projections ?? DEFAULT_PROJECTIONS);
    this.#batchSize = positiveInteger('batchSize', options.batchSize ?? 1000);
    this.#rebuildBatchSize = positiveInteger('rebuildBatchSize', options.rebuildBatchSize ?? 10_000);
    this.#pollMs = positiveInteger('pollMs', options.pollMs ?? 250);
    this.#retryMs = positiveInteger('retryMs', options.retryMs ?? 1000);
    this.#maxRetryMs = positiveInteger('maxRetryMs', options.maxRetryMs ?? 30_000);
    this.#onError = options.onError ?? (() => {});
  }

  async start(): Promise<void> {
    this.#assertOpen();
    if (this.#loop !== undefined) return;
    await this.#exclusive(() => this.#verify());
    if (this.#loop !== undefined || this.#closed) return;
    this.#unwatch = this.#log.watchCommits(() => this.#wakeup.commit());
    this.#loop = this.#follow();
  }

  catchUp(): Promise<number | null> {
    return this.#catchUp(this.#batchSize);
  }

  async rebuild(): Promise<number | null> {
    const rebuilt = this.#rebuild();
    this.#rebuilding = rebuilt;
    try {
      return await rebuilt;
    } finally {
      if (this.#rebuilding === rebuilt) this.#rebuilding = undefined;
    }
  }

  async #rebuild(): Promise<number | null> {
    this.#assertOpen();
    await this.#exclusive(() => Promise.resolve(beginBulkLoad(this.#db)));
    try {
      await this.#exclusive(() => {
        this.#applier.reset(true);
        this.#verified = true;
        return Promise.resolve();
      });
      return await this.#catchUp(this.#rebuildBatchSize);
    } finally {
      await this.#exclusive(() => {
        this.#applier.createIndexes();
        endBulkLoad(this.#db);
        return Promise.resolve();
      });
    }
  }

  appliedPosition(): number | null {
    return this.#applier.appliedPosition();
  }

  async lag(): Promise<number> {
    const head = await this.#log.headPosition();
    return head === null ? 0 : head - (this.appliedPosition() ?? -1);
  }

  waitFor(position: number, options: WaitOptions = {}): Promise<void> {
    if (!Number.isSafeInteger(position) || position < 0) {
      return Promise.reject(
        new ProjectionError('INVALID_POSITION', 'position must be an integer >= 0', { position }),
      );
    }
    if ((this.appliedPosition() ?? -1) >= position) return Promise.resolve();
    if (this.#closed) return Promise.reject(closedError());
    return this.#waiters.wait(position, () => this.appliedPosition(), options.timeoutMs);
  }

  lastError(): unknown {
    return this.#lastError;
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#unwatch?.();
    this.#wakeup.interrupt();
    await this.#loop;
    // A rebuild stops at its next batch; let it put the indexes and fsync back before the file is closed.
    await this.#rebuilding?.catch(() => {});
    await this.#serial.catch(() => {});
    this.#waiters.closeAll();
  }

  async #catchUp(batchSize: number): Promise<number | null> {
    this.#assertOpen();
    const head = await this.#log.headPosition();
    await this.#exclusive(() => this.#verify());
    while (head !== null && (this.appliedPosition() ?? -1) < head) {
      this.#assertOpen();
      const applied = await this.#exclusive(() => this.#pass(batchSize));
      if (applied === 0) break;
      await yieldToEventLoop();
    }
    this.#assertOpen();
    return head;
  }

  /** The background loop: never rejects; failures go to onError and are retried after a growing delay. */
  async #follow(): Promise<void> {
    let failures = 0;
    while (!this.#closed) {
      const seen = this.#wakeup.sequence;
      if (this.#rebuilding !== undefined) {
        // The rebuild applies in its own bigger batches; small ones in between would only slow it down.
        await this.#wakeup.sleep(this.#pollMs);
        continue;
      }
      try {
        const more = (await this.#exclusive(() => this.#pass(this.#batchSize))) === this.#batchSize;
        failures = 0;
        this.#lastError = null;
        if (more) await yieldToEventLoop();
        else await this.#wakeup.sleep(this.#pollMs, seen);
      } catch (error) {
        failures++;
        this.#lastError = error;
        this.#report(error);
        await this.#wakeup.sleep(Math.min(this.#maxRetryMs, this.#retryMs * 2 ** Math.min(failures - 1, 20)));
      }
    }
  }

  /** Reads one page from the next needed position and applies it; returns how many events it held. */
  async #pass(batchSize: number): Promise<number> {
    await this.#verify();
    const page = await this.#log.readEncoded(this.#applier.nextPosition(), batchSize);
    if (this.#closed) return 0;
    this.#applier.apply(page);
    this.#waiters.settle(this.appliedPosition());
    return page.length;
  }

  /** Once per runner: the ledger must hold, at each stored position, the very event the projection applied. */
  async #verify(): Promise<void> {
    if (this.#verified) return;
    await assertLedgerHoldsApplied(this.#log, this.#applier.stored());
    this.#verified = true;
  }

  /** Runs `work` after every earlier exclusive task: passes, resets and checks never interleave. */
  #exclusive<T>(work: () => Promise<T>): Promise<T> {
    const result = this.#serial.then(work);
    this.#serial = result.catch(() => {});
    return result;
  }

  #report(error: unknown): void {
    try {
      this.#onError(error);
    } catch {
      // A throwing reporter must not stop the loop; the error stays visible through lastError().
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw closedError();
  }
}

function closedError(): ProjectionError {
  return new ProjectionError('PROJECTION_CLOSED', 'the projection runner is closed', {});
}

function positiveInteger(field: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new TypeError(`${field} must be a positive integer`);
  return value;
}
