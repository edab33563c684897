/**
 * Read port onto the ledger's events, as the Merkle tree sees them: each leaf's data is the 32-byte hash
 * of the event at that position, and the tree reader applies hashLeaf itself.
 */
export interface LeafHashSource {
  /**
   * The 32-byte event hashes of positions [start, end), in position order: exactly end - start of them.
   * Precondition: 0 <= start <= end <= number of events in the ledger.
   */
  eventHashes(start: number, end: number): Promise<Buffer[]>;
}
