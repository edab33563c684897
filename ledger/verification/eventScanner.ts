import type { EncodedEvent } from '../../domain/index.js';
import { computeEventHash, GENESIS_HASH } from '../encoding/eventHash.js';
import { CompactRange, hashLeaf } from '../merkle/index.js';
import type { VerificationFailure } from './verificationReport.js';

interface StreamTip {
  revision: number;
  hash: string;
}

/**
 * The hot loop of verification: takes the log's events in position order and checks, for each, its position,
 * its recomputed hash and its link to the previous event of its stream, while folding it into the Merkle tree.
 * Stops at the first failure. `rootsWanted` are tree sizes whose roots the caller wants recorded on the way.
 */
export class EventScanner {
  readonly #tips = new Map<string, StreamTip>();
  readonly #range = new CompactRange();
  readonly #rootsWanted: ReadonlySet<number>;
  readonly roots = new Map<number, string>();
  failure: VerificationFailure | null = null;

  constructor(rootsWanted: ReadonlySet<number>) {
    this.#rootsWanted = rootsWanted;
    if (rootsWanted.has(0)) this.roots.set(0, this.#range.root().toString('hex'));
  }

  get size(): number {
    return this.#range.size;
  }

  get streams(): number {
    return this.#tips.size;
  }

  /** Checks one event; returns false (and sets `failure`) at the first problem. */
  scan(event: EncodedEvent): boolean {
    const where = { stream: event.stream, revision: event.revision, position: event.position };
    if (event.position !== this.#range.size) {
      return this.#fail({
        code: 'POSITION_GAP',
        message: 'global positions are not contiguous (an event was removed or inserted)',
        ...where,
        expected: this.#range.size,
        actual: event.position,
      });
    }
    const recomputed = computeEventHash(event);
    if (recomputed !== event.hash) {
      return this.#fail({
        code: 'EVENT_HASH_MISMATCH',
        message: 'stored event does not match its hash (content was changed)',
        ...where,
        expected: event.hash,
        actual: recomputed,
      });
    }
    const tip = this.#tips.get(event.stream);
    const expectedRevision = tip === undefined ? 0 : tip.revision + 1;
    if (event.revision !== expectedRevision) {
      return this.#fail({
        code: 'REVISION_GAP',
        message: 'stream revisions are not contiguous in global order',
        ...where,
        expected: expectedRevision,
        actual: event.revision,
      });
    }
    const expectedPrev = tip === undefined ? GENESIS_HASH : tip.hash;
    if (event.prevHash !== expectedPrev) {
      return this.#fail({
        code: 'CHAIN_BROKEN',
        message: "event does not link to its stream's previous event",
        ...where,
        expected: expectedPrev,
        actual: event.prevHash,
      });
    }
    if (tip === undefined) this.#tips.set(event.stream, { revision: event.revision, hash: event.hash });
    else {
      tip.revision = event.revision;
      tip.hash = event.hash;
    }
    this.#range.append(hashLeaf(Buffer.from(event.hash, 'hex')));
    if (this.#rootsWanted.has(this.#range.size))
      this.roots.set(this.#range.size, this.#range.root().toString('hex'));
    return true;
  }

  #fail(failure: VerificationFailure): false {
    this.failure = failure;
    return false;
  }
}
