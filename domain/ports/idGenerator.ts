/** Ids, injected: the domain never draws randomness itself. */
export interface IdGenerator {
  /** A fresh UUID v7 (time-ordered), lowercase, hyphenated. */
  newId(): string;
  /**
   * The same UUID for the same `key`, always (UUID v8 from a hash of the key): how idempotency keys become event
   * ids, so that a retried command appends nothing new.
   */
  fromKey(key: string): string;
}
