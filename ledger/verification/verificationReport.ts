import type { JsonValue } from '../../domain/index.js';

/** Why a ledger failed verification. Each code names one kind of damage. */
export type VerificationFailureCode =
  | 'POSITION_GAP'
  | 'EVENT_HASH_MISMATCH'
  | 'REVISION_GAP'
  | 'CHAIN_BROKEN'
  | 'GENESIS_INVALID'
  | 'CHECKPOINT_MALFORMED'
  | 'CHECKPOINT_SIGNATURE_INVALID'
  | 'CHECKPOINT_ROOT_MISMATCH'
  | 'CHECKPOINT_INCONSISTENT'
  | 'CHECKPOINT_BEYOND_LOG'
  | 'TRUSTED_CHECKPOINT_INVALID'
  | 'TRUSTED_CHECKPOINT_MISMATCH'
  | 'TRUSTED_CHECKPOINT_MISSING'
  | 'NO_CHECKPOINT_BY_PINNED_KEY'
  | 'LEDGER_TRUNCATED'
  /** The `keys` stream does not form a key chain (see ledger/portable/keyChain.ts). */
  | 'KEY_ROTATION_INVALID'
  /** A checkpoint signed by a chain key after that key's retirement size. */
  | 'KEY_RETIRED'
  /** A checkpoint signed by a chain key at or before the tree size it was introduced after. */
  | 'KEY_NOT_YET_VALID'
  | 'KEY_NOT_IN_CHAIN';

/**
 * The first failure found, in position order, named precisely: where (stream, revision, position) and the two
 * values that disagree (what the evidence says it should be, and what was found).
 */
export interface VerificationFailure {
  readonly code: VerificationFailureCode;
  readonly message: string;
  readonly stream?: string;
  readonly revision?: number;
  readonly position?: number;
  readonly expected?: JsonValue;
  readonly actual?: JsonValue;
}

export interface CheckpointSummary {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: number;
}

export interface VerifiedKey {
  readonly verifierKey: string;
  readonly introducedAfter: number | null;
  readonly retiredAfter: number | null;
}

export interface VerificationReport {
  readonly ok: boolean;
  readonly failure: VerificationFailure | null;
  readonly origin: string | null;
  /** Events whose hash, chain link and position were checked before stopping. */
  readonly eventsVerified: number;
  readonly streams: number;
  /** Checkpoints whose signature and recomputed root matched. */
  readonly checkpointsVerified: number;
  readonly latestCheckpoint: CheckpointSummary | null;
  /** Events after the latest checkpoint (checkpoints aside): intact, but not yet covered by a signature. */
  readonly uncoveredEvents: number;
  /**
   * Whose keys were trusted for signatures: the ledger's key chain vouched for by a key the auditor pinned, or the
   * chain as the ledger records it.
   */
  readonly keySource: 'pinned' | 'ledger';
  /**
   * The checkpoint key chain read from the `keys` stream, oldest first: each key and the tree sizes it may sign
   * (larger than `introducedAfter`, at most `retiredAfter`; null bounds are open). Up to a KEY_ROTATION_INVALID
   * failure, the keys established before it.
   */
  readonly keys: readonly VerifiedKey[];
  /** The auditor's saved checkpoint, when one was given and it matched. */
  readonly trustedCheckpoint: CheckpointSummary | null;
}
