/**
 * The right to sign checkpoints, where several nodes share one ledger: exactly one holder at a time. A node
 * without it follows the log and adopts the checkpoints others sign, but signs none. The checkpoint stream's
 * expected-revision appends and its extend-only rule stay the last line of defence: even two nodes that both
 * believed they held it could not make a checkpoint shrink or fork.
 */
export interface CheckpointLease {
  /** True while this node holds the lease (checked before every signature). */
  holds(): boolean;
  /** Gives the lease up (another node may take it at once) and stops renewing it. */
  close(): Promise<void>;
}
