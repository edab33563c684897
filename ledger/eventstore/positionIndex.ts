import { LedgerError } from '../../domain/index.js';

/** A place in EventStoreDB's `$all`: its commit and prepare positions (ESDB orders `$all` by both). */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** Negative, zero or positive as `a` is before, at or after `b` in `$all`. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

const INITIAL_CAPACITY = 1024;

/**
 * The ledger's leaf index over one namespace of `$all`: the n-th MIR event seen in `$all` order is leaf n, the
 * global `position` every reader sees. Leaves are added in `$all` order only, so they are contiguous by
 * construction (leaf = count so far) and strictly increasing in `$all` position.
 *
 * Positions sit in two growable 64-bit arrays (16 bytes a leaf, no object per event); the id index is a Map from
 * event id to leaf, which idempotent appends need. An id seen twice keeps its first leaf.
 */
export class PositionIndex {
  #commits = new BigUint64Array(INITIAL_CAPACITY);
  #prepares = new BigUint64Array(INITIAL_CAPACITY);
  #length = 0;
  readonly #leafById = new Map<string, number>();

  /** Number of leaves: the next leaf index. */
  get length(): number {
    return this.#length;
  }

  /**
   * Records the next MIR event of the namespace and returns its leaf index.
   * @throws LedgerError STORAGE_CORRUPT when `position` is not after the last leaf's (`$all` went backwards).
   */
  add(position: LogPosition, id: string): number {
    const last = this.positionAt(this.#length - 1);
    if (last !== undefined && comparePositions(position, last) <= 0) {
      throw new LedgerError('STORAGE_CORRUPT', `$all position ${show(position)} is not after ${show(last)}`, {
        leaf: this.#length,
        position: show(position),
        previous: show(last),
      });
    }
    if (this.#length === this.#commits.length) this.#grow();
    const leaf = this.#length;
    this.#commits[leaf] = position.commit;
    this.#prepares[leaf] = position.prepare;
    this.#length++;
    if (!this.#leafById.has(id)) this.#leafById.set(id, leaf);
    return leaf;
  }

  /** The `$all` position of `leaf`, or undefined when there is no such leaf. */
  positionAt(leaf: number): LogPosition | undefined {
    if (!Number.isInteger(leaf) || leaf < 0 || leaf >= this.#length) return undefined;
    return { commit: this.#commits[leaf]!, prepare: this.#prepares[leaf]! };
  }

  /** The leaf at exactly this `$all` position (binary search), or undefined when no leaf is there. */
  leafAt(position: LogPosition): number | undefined {
    let low = 0;
    let high = this.#length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = comparePositions(
        { commit: this.#commits[middle]!, prepare: this.#prepares[middle]! },
        position,
      );
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  /** The leaf of the first event with this id, or undefined. */
  leafOfId(id: string): number | undefined {
    return this.#leafById.get(id);
  }

  #grow(): void {
    const commits = new BigUint64Array(this.#commits.length * 2);
    const prepares = new BigUint64Array(this.#prepares.length * 2);
    commits.set(this.#commits);
    prepares.set(this.#prepares);
    this.#commits = commits;
    this.#prepares = prepares;
  }
}

/** `commit/prepare`, for messages and error details. */
export function showPosition(position: LogPosition): string {
  return `${position.commit}/${position.prepare}`;
}
const show = showPosition;
