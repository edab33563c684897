import type { ModelExplained as ServerModelExplained } from '../../../../../projections/explain/index.js';
/** The `explain` answer as the explain panel shows it, with the ledger's verifier keys to check the proof. */
export const EXPLAIN_QUERY = `query ConsoleExplain($eventId: ID!) {
  explain(eventId: $eventId) {
    summary
    notCoveredReason
    event { id type position stream hash occurredAt actor { kind id } }
    causation { truncated events { id type position } }
    run { id goal status stepCount toolCalls inferenceCalls asOf }
    policyDecisions {
      eventId position outcome approved riskScore principal reasons policySetVersion policySetSha256
      policies { id text }
    }
    approval {
      approvalId requestedBy requestedAt argsDigest expiresAt policySetVersion
      decision { outcome by at reason grantExpiresAt }
      used { by at }
    }
    memories { memoryId memoryRevision type scope contentDigest appliedBy appliedAt reviewer provenance }
    model { name version sha256 executionProvider runtime runtimeVersion inputDigest outputDigest failure }
    budgets { budget used limit }
    inclusionProof { leafIndex treeSize hashes rootHash checkpoint { treeSize rootHash timestamp note } }
  }
  ledger { publicKeys }
}`;

export interface EventRef {
  readonly id: string;
  readonly type: string;
  readonly position: number;
}

export interface PolicyDecisionExplained {
  readonly eventId: string;
  readonly position: number;
  readonly outcome: string;
  readonly approved: boolean;
  readonly riskScore: number | null;
  readonly principal: string;
  readonly reasons: readonly string[];
  readonly policySetVersion: number | null;
  readonly policySetSha256: string | null;
  readonly policies: readonly { readonly id: string; readonly text: string | null }[];
}

export interface ApprovalExplained {
  readonly approvalId: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly argsDigest: string;
  readonly expiresAt: string;
  readonly policySetVersion: number | null;
  readonly decision: {
    readonly outcome: string;
    readonly by: string | null;
    readonly at: string;
    readonly reason: string | null;
    readonly grantExpiresAt: string | null;
  } | null;
  readonly used: { readonly by: string; readonly at: string } | null;
}

export interface MemoryExplained {
  readonly memoryId: string;
  readonly memoryRevision: number;
  readonly type: string;
  readonly scope: string;
  readonly contentDigest: string;
  readonly appliedBy: string;
  readonly appliedAt: string;
  readonly reviewer: string | null;
  readonly provenance: readonly string[];
}

/** The model section as the panel asks for it: the explanation's own type, less the inference id. */
export type ModelExplained = Omit<ServerModelExplained, 'inferenceId'>;

export interface InclusionProofExplained {
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly hashes: readonly string[];
  readonly rootHash: string;
  readonly checkpoint: {
    readonly treeSize: number;
    readonly rootHash: string;
    readonly timestamp: string;
    readonly note: string;
  } | null;
}

export interface Explanation {
  readonly summary: string;
  readonly notCoveredReason: string | null;
  readonly event: EventRef & {
    readonly stream: string;
    readonly hash: string;
    readonly occurredAt: string;
    readonly actor: { readonly kind: string; readonly id: string };
  };
  readonly causation: { readonly truncated: boolean; readonly events: readonly EventRef[] };
  readonly run: {
    readonly id: string;
    readonly goal: string;
    readonly status: string;
    readonly stepCount: number;
    readonly toolCalls: number;
    readonly inferenceCalls: number;
    readonly asOf: number | null;
  } | null;
  readonly policyDecisions: readonly PolicyDecisionExplained[];
  readonly approval: ApprovalExplained | null;
  readonly memories: readonly MemoryExplained[];
  readonly model: ModelExplained | null;
  readonly budgets: readonly {
    readonly budget: string;
    readonly used: number;
    readonly limit: number | null;
  }[];
  readonly inclusionProof: InclusionProofExplained | null;
}

export interface ExplainAnswer {
  readonly explain: Explanation;
  readonly ledger: { readonly publicKeys: readonly string[] };
}
