import type { JsonValue } from '../../../domain/events/json.js';

/**
 * What `verifyBundleSteps` answers (mir verify-bundle prints it, the /verify page renders it). It never throws on
 * what a bundle holds: every problem is the first `failure`, named like `mir verify` names ledger damage.
 */
export interface BundleReport {
  readonly ok: boolean;
  readonly failure: BundleFailure | null;
  /** What the bundle claims to prove, as read from it (null when the bundle could not be read at all). */
  readonly subject: BundleSubject | null;
  readonly origin: string | null;
  /** The signed checkpoint every inclusion proof leads to (null when unreadable). */
  readonly checkpoint: {
    readonly treeSize: number;
    readonly rootHash: string;
    readonly timestamp: number;
  } | null;
  /** Events whose hash, chain link and inclusion were checked. */
  readonly eventsVerified: number;
  /** The checkpoint keys the bundle's key history names, oldest first, and which one signed the checkpoint. */
  readonly keys: readonly BundleKey[];
  /** Witness cosignatures on the checkpoint (each valid for the key the bundle names) and which ones you pinned. */
  readonly witnesses: readonly BundleWitness[];
  /** The auditor's trusted checkpoint, when one was given and the bundle proved consistency with it. */
  readonly trustedCheckpoint: { readonly treeSize: number; readonly rootHash: string } | null;
  /** Every event the bundle carries, in position order, verified or not (the page draws it as the timeline). */
  readonly timeline: readonly TimelineEntry[];
}

export type BundleSubject =
  | { readonly kind: 'run'; readonly runId: string; readonly tenant: string }
  | { readonly kind: 'range'; readonly tenant: string | null; readonly from: number; readonly to: number };

export interface BundleFailure {
  readonly code: string;
  readonly message: string;
  readonly stream?: string;
  readonly revision?: number;
  readonly position?: number;
  /** Where in the bundle file, as a JSON path (`$.events[3].data`), when the failure is about one value. */
  readonly path?: string;
  readonly expected?: JsonValue;
  readonly actual?: JsonValue;
}

export interface BundleKey {
  /** C2SP verifier key string. */
  readonly verifierKey: string;
  /** The key signs trees larger than this (null: the ledger's first key). */
  readonly introducedAfter: number | null;
  /** Largest tree size this key may sign; null while it is current. */
  readonly retiredAfter: number | null;
  readonly signedCheckpoint: boolean;
}

/** A witness whose cosignature the checkpoint carries (every one is checked against the key the bundle names). */
export interface BundleWitness {
  readonly name: string;
  /** Its C2SP cosignature/v1 verifier key, as the bundle names it. */
  readonly verifierKey: string;
  /** True when the auditor pinned this witness's key: only then does its cosignature count. */
  readonly verified: boolean;
  /** When it cosigned (seconds since the Unix epoch, as the cosignature states). */
  readonly timestamp: number;
}

export interface TimelineEntry {
  readonly position: number;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly actor: string;
  /** False for an event the verification reached and refused, or never reached. */
  readonly verified: boolean;
}
