import type { RecordedEvent } from '../../domain/index.js';
import type { RunAsOf } from '../runAsOf.js';

/** At most this many events are returned per chain: a hostile or runaway chain cannot blow up an answer. */
export const MAX_CHAIN_EVENTS = 100;

/** Events of one chain, in order, cut at `MAX_CHAIN_EVENTS` (`truncated` then says more exist). */
export interface EventChain {
  readonly events: readonly RecordedEvent[];
  readonly truncated: boolean;
}

/**
 * Why the event happened: `causation` walks `causationId` back from the event's cause to the first event of the
 * command that started it (nearest first); `correlation` is every event sharing its `correlationId` in the
 * streams searched (the event's own stream), in ledger order.
 */
export interface EventCauses {
  readonly causation: EventChain;
  readonly correlation: EventChain;
}

/** One policy that determined a decision, with its Cedar text at the version in force (null: not readable). */
export interface DeterminingPolicy {
  readonly id: string;
  readonly text: string | null;
}

/** A recorded `PolicyDecided` of the event's tool call, explained. */
export interface PolicyDecisionExplained {
  readonly eventId: string;
  readonly position: number;
  readonly callId: string;
  readonly outcome: string;
  readonly policySetVersion: number | null;
  /** SHA-256 of the whole policy set text at that version; null when none was published. */
  readonly policySetSha256: string | null;
  readonly policies: readonly DeterminingPolicy[];
  readonly reasons: readonly string[];
  readonly approved: boolean;
  readonly riskScore: number | null;
  readonly principal: string;
}

/** Who decided an approval, when, and how. */
export interface ApprovalDecisionExplained {
  readonly outcome: 'granted' | 'denied' | 'expired';
  readonly by: string | null;
  readonly at: string;
  readonly reason: string | null;
  readonly grantExpiresAt: string | null;
}

/** The approval behind the event's tool call, as the run stream records it up to the event. */
export interface ApprovalExplained {
  readonly approvalId: string;
  readonly callId: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  /** The args digest the reviewer saw (and the grant is bound to). */
  readonly argsDigest: string;
  readonly policySetVersion: number | null;
  readonly expiresAt: string;
  readonly decision: ApprovalDecisionExplained | null;
  readonly used: { readonly by: string; readonly at: string } | null;
}

/** A memory version applied to the run by the event's position, with where it came from and who approved it. */
export interface AppliedMemoryExplained {
  readonly memoryId: string;
  readonly memoryRevision: number;
  readonly contentDigest: string;
  readonly type: string;
  readonly scope: string;
  readonly appliedBy: string;
  readonly appliedAt: string;
  /** Source event ids recorded when the memory was proposed (empty when its stream could not be read). */
  readonly provenance: readonly string[];
  /** The reviewer whose approval stands at the applied revision; null when none is recorded there. */
  readonly reviewer: string | null;
}

/** The model behind an inference event (output fields null until the inference completed). */
export interface ModelExplained {
  readonly inferenceId: string;
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
  readonly executionProvider: string | null;
  readonly runtime: string | null;
  readonly runtimeVersion: string | null;
  readonly inputDigest: string;
  readonly outputDigest: string | null;
  /** The failure reason when the inference failed, else null. */
  readonly failure: string | null;
}

/** One budget at the event's position: what was used against its limit (null: unlimited). */
export interface BudgetUse {
  readonly budget: 'steps' | 'inferenceCalls' | 'toolCalls' | 'wallTimeMs';
  readonly used: number;
  readonly limit: number | null;
}

/** A signed checkpoint as explain reports it (hex root, the C2SP note). */
export interface CheckpointView {
  readonly origin: string;
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: number;
  readonly note: string;
}

/** The event's inclusion proof against the latest signed checkpoint, or why there is none. */
export interface InclusionExplained {
  readonly proof: {
    readonly leafIndex: number;
    readonly treeSize: number;
    /** Audit path, hex, leaf to root (RFC 9162 §2.1.3). */
    readonly hashes: readonly string[];
    readonly checkpoint: CheckpointView;
  } | null;
  /** Null with a proof; otherwise why there is none (no checkpoint yet, or not yet covered). */
  readonly reason: string | null;
}

/** Everything explain says about one event. */
export interface Explanation {
  readonly event: RecordedEvent;
  readonly causes: EventCauses;
  /** The run folded up to the event's position (the same fold as `run(id, asOf)`); null off run streams. */
  readonly run: RunAsOf | null;
  readonly budgets: readonly BudgetUse[];
  readonly policyDecisions: readonly PolicyDecisionExplained[];
  readonly approval: ApprovalExplained | null;
  readonly memories: readonly AppliedMemoryExplained[];
  readonly model: ModelExplained | null;
  readonly inclusion: InclusionExplained;
  /** One plain-language line a person can read. */
  readonly summary: string;
}
