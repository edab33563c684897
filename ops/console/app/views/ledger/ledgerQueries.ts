/** The Ledger view's documents (docs/schema.graphql: `ledger`, `ledgerVerification`). */

/** How many checkpoints a page of the list shows. */
export const CHECKPOINT_PAGE = 10;

export const CHECKPOINT_FIELDS = 'treeSize rootHash timestamp note cosignatures { witness keyId timestamp }';

export const LEDGER_OVERVIEW = `query LedgerOverview($first: Int!) {
  ledger {
    head origin
    latestCheckpoint { treeSize rootHash timestamp note }
    checkpoints(first: $first) { ${CHECKPOINT_FIELDS} }
    witnesses { name verifierKey url lastCosignedTreeSize }
    signingKeys { verifierKey current introducedAfter retiredAfter position }
  }
}`;

export const OLDER_CHECKPOINTS = `query OlderCheckpoints($first: Int!, $beforeTreeSize: Position!) {
  ledger { checkpoints(first: $first, beforeTreeSize: $beforeTreeSize) { ${CHECKPOINT_FIELDS} } }
}`;

/** The light question the view polls: the head and the latest checkpoint's size. */
export const LEDGER_HEAD = 'query LedgerHead { ledger { head latestCheckpoint { treeSize } } }';

export const LEDGER_VERIFICATION = `subscription LedgerVerification {
  ledgerVerification {
    eventsVerified total done
    report {
      ok eventsVerified checkpointsVerified streams uncoveredEvents keySource origin
      latestCheckpoint { treeSize rootHash timestamp }
      failure { code message stream revision position expected actual }
    }
  }
}`;

export interface Cosignature {
  readonly witness: string;
  readonly keyId: string;
  readonly timestamp: string;
}

export interface CheckpointView {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: string;
  readonly note: string;
  readonly cosignatures: readonly Cosignature[];
}

export interface WitnessView {
  readonly name: string;
  readonly verifierKey: string;
  readonly url: string | null;
  readonly lastCosignedTreeSize: number | null;
}

export interface SigningKeyView {
  readonly verifierKey: string;
  readonly current: boolean;
  readonly introducedAfter: number | null;
  readonly retiredAfter: number | null;
  readonly position: number;
}

export interface LedgerOverview {
  readonly ledger: {
    readonly head: number | null;
    readonly origin: string;
    readonly latestCheckpoint: Omit<CheckpointView, 'cosignatures'> | null;
    readonly checkpoints: readonly CheckpointView[];
    readonly witnesses: readonly WitnessView[];
    readonly signingKeys: readonly SigningKeyView[];
  };
}

export interface LedgerHead {
  readonly ledger: {
    readonly head: number | null;
    readonly latestCheckpoint: { readonly treeSize: number } | null;
  };
}
