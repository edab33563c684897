import type { LeafHashSource } from '../leafHashSource.js';

/** A LeafHashSource over an array, recording every read so tests can count them. */
export interface MemoryLeafHashSource extends LeafHashSource {
  /** Every eventHashes call so far, in order. */
  readonly reads: ReadonlyArray<{ readonly start: number; readonly end: number }>;
}

/**
 * Serves copies of `eventHashes` (kept by reference: append to the array to grow the ledger). A read past
 * the end returns only what exists, which the reader must report as missing leaves.
 */
export function createMemoryLeafHashSource(eventHashes: readonly Buffer[]): MemoryLeafHashSource {
  const reads: Array<{ start: number; end: number }> = [];
  return {
    reads,
    eventHashes(start, end) {
      reads.push({ start, end });
      return Promise.resolve(eventHashes.slice(start, end).map((hash) => Buffer.from(hash)));
    },
  };
}
