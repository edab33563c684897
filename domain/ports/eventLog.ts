import type { NewEvent, RecordedEvent } from '../events/eventEnvelope.js';

/**
 * What a writer expects of a stream before its append:
 * - `'no_stream'`: the stream must not exist yet;
 * - `'exists'`: the stream must already hold at least one event;
 * - `'any'`: no check (never used on workflow paths, only for ledger-internal streams);
 * - a number: the revision of the stream's last event must be exactly this.
 */
export type ExpectedRevision = 'no_stream' | 'exists' | 'any' | number;

/** Where one appended event landed. */
export interface AppendedEvent {
  readonly id: string;
  readonly revision: number;
  readonly position: number;
  readonly hash: string;
}

export interface AppendResult {
  readonly stream: string;
  /** Revision of the stream's last appended event: the expected revision for the next append. */
  readonly nextExpectedRevision: number;
  /** Global position of the last appended event. */
  readonly lastPosition: number;
  readonly events: readonly AppendedEvent[];
  /** True when every id was already in the stream: nothing was written, the original outcome is returned. */
  readonly deduplicated: boolean;
}

export type ReadDirection = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: ReadDirection;
  /** First revision to return (inclusive). Defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: number;
  /** At most this many events (default: the adapter's page limit). */
  readonly maxCount?: number;
}

/** Narrows a read of the global log. Every present criterion must match. */
export interface EventFilter {
  /** The stream name starts with one of these (e.g. `run-`). */
  readonly streamPrefixes?: readonly string[];
  /** The event type is one of these. */
  readonly types?: readonly string[];
}

export interface ReadAllOptions {
  readonly direction?: ReadDirection;
  /** First global position to consider (inclusive). Defaults to the start (forwards) or the end (backwards). */
  readonly fromPosition?: number;
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

export interface SubscribeOptions {
  /** First global position to deliver (inclusive); default 0, i.e. the whole log then live events. */
  readonly fromPosition?: number;
  readonly filter?: EventFilter;
}

/**
 * A catch-up subscription to the global log: stored events from `fromPosition`, then live events as they are
 * committed, in position order, with no gap and no duplicate at the switch. Iterating pulls; a slow consumer
 * slows reading rather than growing a buffer. `close()` ends the iteration.
 */
export interface EventSubscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

/**
 * An event exactly as stored: `data` and `meta` are the canonical JSON texts the hash was computed over.
 * Used by verification and the Merkle tree, which must see the bytes rather than re-encoded objects.
 */
export interface EncodedEvent {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: string;
  readonly meta: string;
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * The ledger's event log, shaped after EventStoreDB: per-stream optimistic concurrency, a global order,
 * catch-up subscriptions. Every acknowledged append is durable and hash-chained.
 *
 * Errors (all `MirError`s with stable codes, see `ledgerErrors.ts`): invalid input is refused before anything
 * is written; a wrong expected revision refuses that append alone; a storage fault refuses the appends it
 * touched and leaves the log intact and appendable once the fault clears.
 */
export interface EventLog {
  /**
   * Appends `events` to `stream` atomically: all or none. Re-appending ids already in the stream (the same
   * events, in the same order) returns the original result with `deduplicated: true` and writes nothing.
   *
   * The ledger's `checkpoints` stream has one more rule, checked against the stream's last stored event within
   * the same commit (or, on a store without transactions, before a conditional append on that revision): every
   * checkpoint extends the last one (no smaller tree, a valid consistency proof, no event covered that is not
   * before it), else CHECKPOINT_NOT_EXTENDING and nothing is written. Adapters call the ledger's
   * `checkCheckpointAppend`; the contract suite's checkpoint-stream cases pin it.
   */
  append(stream: string, events: readonly NewEvent[], expected: ExpectedRevision): Promise<AppendResult>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Stored encodings of positions [fromPosition, fromPosition + maxCount), in position order. */
  readEncoded(fromPosition: number, maxCount: number): Promise<EncodedEvent[]>;
  subscribeToAll(options?: SubscribeOptions): EventSubscription;
  /**
   * Calls `listener` after each commit this log instance learns of: its own, and on stores that announce commits
   * (PostgreSQL's NOTIFY, EventStoreDB's live `$all` subscription) every other node's as well. On SQLite other
   * processes' commits are seen only by reading, so followers also poll. For followers that read encoded events
   * themselves; returns the function that stops the calls.
   */
  watchCommits(listener: (lastPosition: number) => void): () => void;
  /** Position of the last committed event, or null while the log is empty. */
  headPosition(): Promise<number | null>;
  /** Finishes in-flight appends, then releases the store. Further calls fail with `LEDGER_CLOSED`. */
  close(): Promise<void>;
}
