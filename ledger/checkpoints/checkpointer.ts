import { hasErrorCode } from '../../domain/index.js';
import type { Clock, EncodedEvent, EventLog, IdGenerator } from '../../domain/index.js';
import type { Ed25519Signer, KeyError } from '../keys/index.js';
import type { CheckpointLease } from './checkpointLease.js';
import { CHECKPOINTS_STREAM, KEYS_STREAM, WITNESSES_STREAM } from '../ledgerStreams.js';
import {
  isMerkleDataError,
  isMerkleProofError,
  MerkleTreeReader,
  verifyConsistency,
} from '../merkle/index.js';
import type { MerkleNodeStore } from '../merkle/index.js';
import { formatVerifierKey } from './note/index.js';
import type { Checkpoint } from './note/index.js';
import { readCheckpointDataText } from './checkpointData.js';
import { checkpointEvent } from './checkpointEvent.js';
import { eventLogLeafSource } from './eventLogLeafSource.js';
import { compactRangeMatching, rebuildNodeCache } from './nodeCache.js';
import { retirementOf } from './retirement.js';
import { readLatestCheckpoint, signedCheckpointOf, unreadableCheckpoint } from './storedCheckpoint.js';
import type { SignedCheckpoint } from './storedCheckpoint.js';
import type { TreeHead } from './treeFolder.js';
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
  /** Where nodes share the ledger: sign only while holding it (without one, this checkpointer always signs). */
  readonly lease?: CheckpointLease;
}

/** Events the follower reads per page. */
const FOLLOW_PAGE = 10_000;
/** checkpointNow retries this often after losing to another checkpointer (each loss is someone else's progress). */
const MAX_RACE_RETRIES = 10;

/** What one attempt to sign did: signed, had nothing to sign, or lost to another checkpointer's append. */
type WriteOutcome = 'signed' | 'skipped' | 'lost';

/**
 * Follows the global log, folds every event hash into the Merkle tree, persists completed subtrees and appends a
 * signed checkpoint to the `checkpoints` stream every N events or T ms. A checkpoint covers the tree before it, and
 * is itself a leaf of the next one.
 *
 * Several checkpointers may share a ledger (processes on one directory, nodes on one store). Each append carries
 * the expected revision of the checkpoint it extends, taken together with the tree size it signs, plus the
 * consistency proof from that checkpoint; the store refuses it (in the same transaction) if another checkpoint
 * came first or if it does not extend the last one. A checkpointer that loses re-reads the last checkpoint and
 * carries on from it. The Merkle node cache it starts from and proves with is checked against the last signed root
 * and rebuilt from the events when it disagrees.
 */
export class Checkpointer {
  readonly #options: CheckpointerOptions;
  readonly #folder: TreeFolder;
  readonly #reader: MerkleTreeReader;
  #latest: SignedCheckpoint | null;
  #lastRevision: number | null;
  #unsigned = 0;
  #closed = false;
  #stopWatching: () => void = () => {};
  #wakeFollower: () => void = () => {};
  #following: Promise<void> = Promise.resolve();
  #writing: Promise<unknown> = Promise.resolve();
  #timer: NodeJS.Timeout | undefined;
  /** Set once the log records a rotation retiring this checkpointer's key: it signs nothing more. */
  #retired: KeyError | null = null;
  readonly #verifierKey: string;
  #sizeWaiters: { size: number; wake: () => void }[] = [];

  private constructor(
    options: CheckpointerOptions,
    folder: TreeFolder,
    latest: { revision: number; signed: SignedCheckpoint } | undefined,
  ) {
    this.#options = options;
    this.#folder = folder;
    this.#reader = new MerkleTreeReader(eventLogLeafSource(options.log), options.nodes);
    this.#latest = latest?.signed ?? null;
    this.#lastRevision = latest?.revision ?? null;
    this.#verifierKey = formatVerifierKey(options.keyName, options.signer.publicKey);
  }

  /**
   * Resumes from the latest stored checkpoint (recomputing nothing before it when the node cache agrees with its
   * signed root, rebuilding the cache when it does not) and starts following the log.
   *
   * @throws LedgerError `STORAGE_CORRUPT` when the last checkpoint is unreadable or the events no longer hash to
   *   its root: nothing is signed over a damaged ledger.
   */
  static async start(options: CheckpointerOptions): Promise<Checkpointer> {
    const latest = await readLatestCheckpoint(options.log);
    const signed = latest?.signed.checkpoint;
    const range = await compactRangeMatching(
      options.log,
      options.nodes,
      signed?.treeSize ?? 0,
      signed?.rootHash,
    );
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
   * Folds in every event committed before this call, then signs a checkpoint if any of them is unsigned (and the
   * lease, if any, is held). Resolves to the latest checkpoint.
   */
  async checkpointNow(): Promise<SignedCheckpoint | null> {
    const head = await this.#options.log.headPosition();
    await this.#waitForSize(head === null ? 0 : head + 1);
    for (let attempt = 0; attempt <= MAX_RACE_RETRIES; attempt++) {
      if ((await this.#enqueueCheckpoint()) !== 'lost') break;
    }
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
      const reading = readCheckpointDataText(event.data);
      if (reading.data !== undefined) this.#adopt(event.revision, signedCheckpointOf(reading.data));
      else this.#options.onError(unreadableCheckpoint(event.revision, reading.problem));
    } else if (event.stream !== WITNESSES_STREAM) {
      // Witness records are folded but never cause a checkpoint themselves: cosigning checkpoint N must not
      // cause checkpoint N+1, cosigned in turn, forever. The checkpoint the next other event causes covers them.
      if (event.stream === KEYS_STREAM) this.#noticeRotation(event);
      if (++this.#unsigned >= this.#options.everyEvents) {
        this.#unsigned = 0;
        void this.#enqueueCheckpoint(true);
      }
    }
    if (this.#sizeWaiters.length > 0) {
      this.#sizeWaiters = this.#sizeWaiters.filter((waiter) => {
        if (this.#folder.size < waiter.size) return true;
        waiter.wake();
        return false;
      });
    }
  }

  /** A rotation retiring this checkpointer's key (another process appended it) ends its signing. */
  #noticeRotation(event: EncodedEvent): void {
    if (this.#retired !== null) return;
    this.#retired = retirementOf(event, this.#verifierKey);
    if (this.#retired !== null) this.#options.onError(this.#retired);
  }

  #waitForSize(size: number): Promise<void> {
    if (this.#folder.size >= size) return Promise.resolve();
    return new Promise((wake) => this.#sizeWaiters.push({ size, wake }));
  }

  /** Takes a stored checkpoint as the one to extend when it is newer (by revision) than the one known. */
  #adopt(revision: number, signed: SignedCheckpoint): void {
    if (this.#lastRevision !== null && revision <= this.#lastRevision) return;
    this.#lastRevision = revision;
    this.#latest = signed;
  }

  /** Serialises checkpoint writes: one at a time, each covering whatever the tree holds when it starts. */
  #enqueueCheckpoint(force = false): Promise<WriteOutcome | undefined> {
    const outcome = this.#writing
      .then(() => this.#writeCheckpoint(force))
      .catch((error: unknown) => {
        this.#options.onError(error);
        return undefined;
      });
    this.#writing = outcome;
    return outcome;
  }

  async #writeCheckpoint(force: boolean): Promise<WriteOutcome> {
    // The base (the checkpoint to extend, and its revision) is taken in the same synchronous step as the tree
    // head below: the follower updates both together, so the base is the last checkpoint inside the signed tree.
    const base = this.#latest;
    const baseRevision = this.#lastRevision;
    if (this.#retired !== null) throw this.#retired;
    if (this.#options.lease?.holds() === false) return 'skipped';
    if (this.#folder.size === 0) return 'skipped';
    if (base !== null && this.#folder.size <= base.checkpoint.treeSize) return 'skipped';
    if (!force && this.#unsigned === 0 && base !== null) return 'skipped';
    const taken = this.#unsigned;
    this.#unsigned = 0;
    const head = await this.#folder.head();
    const proof = await this.#storeNodesAndProve(base?.checkpoint, head);
    const { log, signer, keyName, origin, clock, ids } = this.#options;
    const checkpoint: Checkpoint = {
      origin,
      treeSize: head.size,
      rootHash: head.root,
      timestamp: clock.now(),
    };
    const { event, note } = checkpointEvent(checkpoint, proof, { signer, keyName, id: ids.newId() });
    try {
      const result = await log.append(CHECKPOINTS_STREAM, [event], baseRevision ?? 'no_stream');
      this.#adopt(result.nextExpectedRevision, { checkpoint, note });
      return 'signed';
    } catch (error) {
      if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION') && !hasErrorCode(error, 'CHECKPOINT_NOT_EXTENDING'))
        throw error;
      // Another checkpointer appended first: extend its checkpoint next time, and keep our events counted.
      this.#unsigned += taken;
      const stored = await readLatestCheckpoint(log);
      if (stored !== undefined) this.#adopt(stored.revision, stored.signed);
      return 'lost';
    }
  }

  /**
   * Persists the nodes the head completed and proves that `head` extends `base`, checking the proof before anything
   * is signed. A cache that conflicts with the folded nodes or yields a proof that fails is rebuilt from the
   * events, once; if the proof still fails, the tree does not extend the signed one and nothing is signed.
   */
  async #storeNodesAndProve(base: Checkpoint | undefined, head: TreeHead): Promise<Buffer[] | undefined> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#options.nodes.putMany(head.completed);
        if (base === undefined) return undefined;
        const proof = await this.#reader.consistencyProof(base.treeSize, head.size);
        verifyConsistency(base.treeSize, head.size, proof, base.rootHash, head.root);
        return proof;
      } catch (error) {
        if (attempt > 0 || !(isMerkleDataError(error) || isMerkleProofError(error))) throw error;
        await rebuildNodeCache(this.#options.log, this.#options.nodes);
      }
    }
  }
}
