import { hasErrorCode } from '../../domain/index.js';
import type { Clock, EncodedEvent, EventLog, IdGenerator, RecordedEvent } from '../../domain/index.js';
import type { Ed25519Signer } from '../keys/index.js';
import { CHECKPOINTS_STREAM, systemEvent } from '../ledgerStreams.js';
import type { CheckpointSignedData } from '../ledgerStreams.js';
import { MerkleTreeReader } from '../merkle/index.js';
import type { MerkleNodeStore } from '../merkle/index.js';
import { signCheckpoint } from './note/index.js';
import type { Checkpoint } from './note/index.js';
import { eventLogLeafSource } from './eventLogLeafSource.js';
import { createInThreadFolder, createWorkerFolder } from './treeFolder.js';
import type { TreeFolder } from './treeFolder.js';

export interface CheckpointerOptions {
  readonly log: EventLog;
  readonly nodes: MerkleNodeStore;
  readonly signer: Ed25519Signer;
  readonly keyName: string;
  readonly origin: string;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  /** Sign once this many events (not counting checkpoints themselves) are unsigned. */
  readonly everyEvents: number;
  /** …or once this many milliseconds have passed with any unsigned event, whichever comes first. */
  readonly everyMs: number;
  /** Fold event hashes into the tree on a worker thread (default) or on the calling thread. */
  readonly folding?: 'worker' | 'in-thread';
  /** Told of failures of the background work (it keeps going; the next checkpoint retries). */
  readonly onError: (error: unknown) => void;
}

/** Events the follower reads per page. */
const FOLLOW_PAGE = 10_000;

/** A checkpoint as stored in the `checkpoints` stream. */
export interface SignedCheckpoint {
  readonly checkpoint: Checkpoint;
  readonly note: string;
}

export function signedCheckpointOf(data: CheckpointSignedData): SignedCheckpoint {
  return {
    checkpoint: {
      origin: data.origin,
      treeSize: data.treeSize,
      rootHash: Buffer.from(data.rootHash, 'hex'),
      timestamp: data.timestamp,
    },
    note: data.note,
  };
}

/**
 * Follows the global log, folds every event hash into the Merkle tree, persists completed subtrees and appends a
 * signed checkpoint to the `checkpoints` stream every N events or T ms. A checkpoint covers the tree before it, and
 * is itself a leaf of the next one. Appends use the stream's expected revision, so when several nodes share a ledger
 * only one signs each head; the others see its checkpoint and carry on.
 */
export class Checkpointer {
  readonly #options: CheckpointerOptions;
  readonly #folder: TreeFolder;
  #latest: SignedCheckpoint | null;
  #lastRevision: number | null;
  #unsigned = 0;
  #closed = false;
  #stopWatching: () => void = () => {};
  #wakeFollower: () => void = () => {};
  #following: Promise<void> = Promise.resolve();
  #writing: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  #sizeWaiters: { size: number; wake: () => void }[] = [];

  private constructor(options: CheckpointerOptions, folder: TreeFolder, latest: RecordedEvent | undefined) {
    this.#options = options;
    this.#folder = folder;
    this.#latest =
      latest === undefined ? null : signedCheckpointOf(latest.data as unknown as CheckpointSignedData);
    this.#lastRevision = latest?.revision ?? null;
  }

  /** Resumes from the latest stored checkpoint (recomputing nothing before it) and starts following the log. */
  static async start(options: CheckpointerOptions): Promise<Checkpointer> {
    const [latest] = await options.log.readStream(CHECKPOINTS_STREAM, {
      direction: 'backwards',
      maxCount: 1,
    });
    const size = latest === undefined ? 0 : (latest.data as unknown as CheckpointSignedData).treeSize;
    const reader = new MerkleTreeReader(eventLogLeafSource(options.log), options.nodes);
    const range = await reader.compactRangeAt(size);
    const folder = options.folding === 'in-thread' ? createInThreadFolder(range) : createWorkerFolder(range);
    const checkpointer = new Checkpointer(options, folder, latest);
    checkpointer.#follow();
    return checkpointer;
  }

  /** The latest checkpoint this node has seen or signed. */
  latest(): SignedCheckpoint | null {
    return this.#latest;
  }

  /** Number of events folded into the tree so far. */
  get treeSize(): number {
    return this.#folder.size;
  }

  /**
   * Folds in every event committed before this call, then signs a checkpoint if any of them is unsigned.
   * Resolves to the latest checkpoint.
   */
  async checkpointNow(): Promise<SignedCheckpoint | null> {
    const head = await this.#options.log.headPosition();
    await this.#waitForSize(head === null ? 0 : head + 1);
    await this.#enqueueCheckpoint();
    return this.#latest;
  }

  /** Stops following the log after the checkpoint being written, if any. Signs nothing more. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.#closed = true;
    this.#stopWatching();
    this.#wakeFollower();
    await this.#following;
    await this.#writing;
    await this.#folder.close();
    for (const waiter of this.#sizeWaiters.splice(0)) waiter.wake();
  }

  /**
   * Reads the log's stored encodings from the tree's size onwards whenever this process commits (or every
   * `everyMs`, for other processes' writes): only hashes are needed, so nothing is decoded but checkpoints.
   */
  #follow(): void {
    let wake: (() => void) | undefined;
    const poke = () => {
      wake?.();
      wake = undefined;
    };
    this.#stopWatching = this.#options.log.watchCommits(poke);
    this.#timer = setInterval(() => {
      poke();
      if (this.#unsigned > 0) void this.#enqueueCheckpoint();
    }, this.#options.everyMs);
    this.#timer.unref();
    this.#following = (async () => {
      while (!this.#closed) {
        const idle = new Promise<void>((resolve) => (wake = resolve));
        const page = await this.#options.log.readEncoded(this.#folder.size, FOLLOW_PAGE);
        for (const event of page) this.#fold(event);
        if (page.length < FOLLOW_PAGE) await idle;
      }
    })().catch((error: unknown) => {
      if (!hasErrorCode(error, 'LEDGER_CLOSED')) this.#options.onError(error);
    });
    this.#wakeFollower = poke;
  }

  #fold(event: EncodedEvent): void {
    this.#folder.append(event.hash);
    if (event.stream === CHECKPOINTS_STREAM) {
      this.#lastRevision = Math.max(this.#lastRevision ?? -1, event.revision);
      const seen = signedCheckpointOf(JSON.parse(event.data) as CheckpointSignedData);
      if (this.#latest === null || seen.checkpoint.treeSize > this.#latest.checkpoint.treeSize)
        this.#latest = seen;
    } else if (++this.#unsigned >= this.#options.everyEvents) {
      this.#unsigned = 0;
      void this.#enqueueCheckpoint(true);
    }
    if (this.#sizeWaiters.length > 0) {
      this.#sizeWaiters = this.#sizeWaiters.filter((waiter) => {
        if (this.#folder.size < waiter.size) return true;
        waiter.wake();
        return false;
      });
    }
  }

  #waitForSize(size: number): Promise<void> {
    if (this.#folder.size >= size) return Promise.resolve();
    return new Promise((wake) => this.#sizeWaiters.push({ size, wake }));
  }

  /** Serialises checkpoint writes: one at a time, each covering whatever the tree holds when it starts. */
  #enqueueCheckpoint(force = false): Promise<unknown> {
    this.#writing = this.#writing.then(() => this.#writeCheckpoint(force)).catch(this.#options.onError);
    return this.#writing;
  }

  async #writeCheckpoint(force: boolean): Promise<void> {
    if (this.#folder.size === 0) return;
    if (this.#latest !== null && this.#folder.size <= this.#latest.checkpoint.treeSize) return;
    if (!force && this.#unsigned === 0 && this.#latest !== null) return;
    this.#unsigned = 0;
    const { log, nodes, signer, keyName, origin, clock, ids } = this.#options;
    const { size: treeSize, root: rootHash, completed } = await this.#folder.head();
    await nodes.putMany(completed);
    const checkpoint: Checkpoint = { origin, treeSize, rootHash, timestamp: clock.now() };
    const note = signCheckpoint(checkpoint, keyName, signer);
    const data: CheckpointSignedData = {
      origin,
      treeSize,
      rootHash: rootHash.toString('hex'),
      timestamp: checkpoint.timestamp,
      note,
    };
    const id = ids.newId();
    const event = systemEvent('CheckpointSigned', { ...data }, 'checkpointer', checkpoint.timestamp, id);
    try {
      const result = await log.append(CHECKPOINTS_STREAM, [event], this.#lastRevision ?? 'no_stream');
      this.#lastRevision = result.nextExpectedRevision;
      this.#latest = { checkpoint, note };
    } catch (error) {
      // Another node signed first: its checkpoint arrives through the subscription; ours is not needed.
      if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION')) throw error;
    }
  }
}
