/** Ids, injected: the domain never draws randomness itself. */
export interface IdGenerator {
  /** A fresh UUID v7 (time-ordered), lowercase, hyphenated. */
  newId(): string;
}
