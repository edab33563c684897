import type { Database, Statement } from 'better-sqlite3';
import { isLedgerError, isStorageError } from '../../domain/index.js';
import type { AppendResult, EncodedEvent } from '../../domain/index.js';
import type { PreparedAppend } from '../append/preparedAppend.js';
import { takeBatch } from '../append/commitBatch.js';
import { appendResultOf, checkExpectedRevision, resolveRetry, sealAppend } from '../append/sealAppend.js';
import type { StreamHead } from '../append/sealAppend.js';
import { checkCheckpointAppend } from '../append/checkpointAppendRule.js';
import { encodedToParams } from '../append/eventRows.js';
import type { EventQueries } from './eventQueries.js';
import { RecentCommits } from './recentCommits.js';
import { isUniqueIdViolation, toStorageError } from './storageErrors.js';

interface PendingAppend {
  readonly prepared: PreparedAppend;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome =
  { readonly result: AppendResult; readonly sealed?: EncodedEvent[] } | { readonly error: unknown };

export interface GroupCommitOptions {
  /** A batch stops taking appends once it holds this many events (bounds one transaction's latency). */
  readonly maxBatchEvents: number;
  /** Told after each commit, with the position of the last committed event. */
  readonly onCommit: (lastPosition: number) => void;
}

/** Stream heads that other appends may read, bounded so that millions of streams do not grow the heap. */
const HEAD_CACHE_LIMIT = 50_000;

/**
 * Group commit: appends that arrive while one batch is being written wait for the next macrotask and are
 * written together in ONE `BEGIN IMMEDIATE … COMMIT` (one fsync under synchronous=FULL), so throughput grows with
 * concurrency instead of being capped by fsync latency. Each append is still checked on its own: a wrong
 * expected revision or an idempotency conflict refuses that append alone, while a storage fault rolls the whole
 * batch back and refuses every append in it (none was acknowledged, so nothing acknowledged is lost).
 *
 * Caches (stream heads, next position) are trusted only while no other connection has committed, which
 * `PRAGMA data_version` tells inside the write transaction (our own commits do not change it).
 */
export class GroupCommitWriter {
  readonly #db: Database;
  readonly #queries: EventQueries;
  readonly #options: GroupCommitOptions;
  readonly #insert: Statement<unknown[]>;
  readonly #dataVersion: Statement<[], number>;
  #queue: PendingAppend[] = [];
  #scheduled = false;
  #heads = new Map<string, StreamHead>();
  #nextPosition: number | undefined;
  #seenDataVersion = -1;
  #idle: (() => void)[] = [];
  #stats = { batches: 0, appends: 0, events: 0 };
  readonly #recent = new RecentCommits(20_000);

  constructor(db: Database, queries: EventQueries, options: GroupCommitOptions) {
    this.#db = db;
    this.#queries = queries;
    this.#options = options;
    this.#insert = db.prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.#dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  enqueue(prepared: PreparedAppend): Promise<AppendResult> {
    return new Promise<AppendResult>((resolve, reject) => {
      this.#queue.push({ prepared, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => this.#flush());
      }
    });
  }

  /** Committed batches so far, the appends they answered and the events they wrote (for metrics). */
  stats(): Readonly<{ batches: number; appends: number; events: number }> {
    return { ...this.#stats };
  }

  /**
   * Just-committed events from memory, when this process wrote everything from `from` up to the head (no other
   * connection has committed since); undefined when the caller must read the database.
   */
  recentEncoded(from: number, count: number): EncodedEvent[] | undefined {
    if (this.#dataVersion.get() !== this.#seenDataVersion) return undefined;
    return this.#recent.read(from, count);
  }

  /** Resolves once every append queued so far has been committed or refused. */
  drain(): Promise<void> {
    if (this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#takeBatch();
    if (batch.length > 0) this.#commit(batch);
    if (this.#queue.length > 0) {
      this.#scheduled = true;
      setImmediate(() => this.#flush());
    } else {
      for (const wake of this.#idle.splice(0)) wake();
    }
  }

  #takeBatch(): PendingAppend[] {
    return takeBatch(this.#queue, this.#options.maxBatchEvents);
  }

  #commit(batch: readonly PendingAppend[]): void {
    const pendingHeads = new Map<string, StreamHead>();
    let outcomes: Outcome[];
    let position: number;
    let firstPosition: number;
    try {
      this.#db.exec('BEGIN IMMEDIATE');
      this.#refreshCachesIfOthersWrote();
      position = firstPosition = this.#nextPosition ?? (this.#queries.maxPosition() ?? -1) + 1;
      outcomes = batch.map((pending) => {
        const outcome = this.#apply(pending.prepared, position, pendingHeads);
        if ('result' in outcome && !outcome.result.deduplicated) position = outcome.result.lastPosition + 1;
        return outcome;
      });
      this.#db.exec('COMMIT');
    } catch (error) {
      this.#abort(batch, error);
      return;
    }
    this.#stats.batches++;
    this.#stats.appends += batch.length;
    this.#stats.events += position - firstPosition;
    this.#nextPosition = position;
    for (const [stream, head] of pendingHeads) this.#rememberHead(stream, head);
    for (const outcome of outcomes)
      if ('sealed' in outcome && outcome.sealed !== undefined) this.#recent.add(outcome.sealed);
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if ('result' in outcome) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
    this.#options.onCommit(position - 1);
  }

  /** Writes one append inside the batch transaction; refusals come back as outcomes, storage faults throw. */
  #apply(prepared: PreparedAppend, position: number, pendingHeads: Map<string, StreamHead>): Outcome {
    const multi = prepared.events.length > 1;
    if (multi) this.#db.exec('SAVEPOINT one_append');
    try {
      const head =
        pendingHeads.get(prepared.stream) ??
        this.#heads.get(prepared.stream) ??
        this.#queries.head(prepared.stream);
      try {
        checkExpectedRevision(prepared.stream, prepared.expected, head);
      } catch (refusal) {
        // A retry of an append that already landed carries a stale expected revision: answer it, don't refuse it.
        const retry = this.#retryOf(prepared);
        if (retry === null) throw refusal;
        return this.#release(multi, { result: retry });
      }
      // Reads this transaction's own view, earlier appends of the same batch included.
      checkCheckpointAppend(
        prepared,
        position,
        () => this.#queries.stream(prepared.stream, false, undefined, 1)[0],
      );
      const sealed = sealAppend(prepared, head, position);
      for (const event of sealed) this.#insert.run(...encodedToParams(event));
      const last = sealed[sealed.length - 1]!;
      pendingHeads.set(prepared.stream, { revision: last.revision, hash: last.hash });
      return this.#release(multi, { result: appendResultOf(prepared.stream, sealed, false), sealed });
    } catch (error) {
      // SQLite rolls the whole transaction back by itself on some faults (SQLITE_FULL): no savepoint is left then.
      if (multi && this.#db.inTransaction) this.#db.exec('ROLLBACK TO one_append; RELEASE one_append');
      if (isUniqueIdViolation(error)) return this.#settleDuplicate(prepared);
      if (isLedgerError(error) && !isStorageError(error)) return { error };
      throw error;
    }
  }

  #settleDuplicate(prepared: PreparedAppend): Outcome {
    try {
      return { result: this.#retryOf(prepared)! };
    } catch (conflict) {
      return { error: conflict };
    }
  }

  /** The original result if every id of `prepared` is stored as this same append; null if none is stored. */
  #retryOf(prepared: PreparedAppend): AppendResult | null {
    const existing: (EncodedEvent | undefined)[] = prepared.events.map((event) =>
      this.#queries.byId(event.id),
    );
    return resolveRetry(prepared, existing);
  }

  #release(multi: boolean, outcome: Outcome): Outcome {
    if (multi) this.#db.exec('RELEASE one_append');
    return outcome;
  }

  #abort(batch: readonly PendingAppend[], error: unknown): void {
    try {
      if (this.#db.inTransaction) this.#db.exec('ROLLBACK');
    } catch {
      // The connection already rolled back (SQLite does so itself on some I/O and full-disk errors).
    }
    this.#heads.clear();
    this.#recent.clear();
    this.#nextPosition = undefined;
    this.#seenDataVersion = -1;
    const storageError = toStorageError(error);
    for (const pending of batch) pending.reject(storageError);
  }

  #refreshCachesIfOthersWrote(): void {
    const version = this.#dataVersion.get()!;
    if (version !== this.#seenDataVersion) {
      this.#heads.clear();
      this.#recent.clear();
      this.#nextPosition = undefined;
      this.#seenDataVersion = version;
    }
  }

  #rememberHead(stream: string, head: StreamHead): void {
    this.#heads.delete(stream);
    this.#heads.set(stream, head);
    if (this.#heads.size > HEAD_CACHE_LIMIT) this.#heads.delete(this.#heads.keys().next().value!);
  }
}
