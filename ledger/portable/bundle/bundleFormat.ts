import type { JsonObject, JsonValue } from '../../../domain/events/json.js';
import type { BundleSubject } from './bundleReport.js';

/** The format tag of every bundle this code writes and reads. */
export const BUNDLE_FORMAT = 'mir.evidence-bundle/v1';

/**
 * An evidence bundle, `mir.evidence-bundle/v1` (docs/evidence-bundle.md spells it out byte by byte). The file is
 * the RFC 8785 canonical JSON of this object followed by one "\n": members in key order, no whitespace, so the same
 * content always gives the same bytes and a verifier can refuse any other spelling.
 */
export interface EvidenceBundle {
  readonly format: typeof BUNDLE_FORMAT;
  readonly subject: BundleSubject;
  /** The signed checkpoint (C2SP signed note): the log's signature line, then any witness cosignature lines. */
  readonly checkpoint: string;
  /** C2SP cosignature/v1 verifier keys of the witnesses whose lines `checkpoint` carries, in line order. */
  readonly witnesses: readonly string[];
  /** Every event the bundle proves, full envelopes, in ascending position. */
  readonly events: readonly BundleEvent[];
  /** Positions inside a range bundle's range whose events belong to another tenant: their hash only. */
  readonly redacted: readonly RedactedLeaf[];
  /** The multi-leaf inclusion proof (lowercase hex) of `events` and `redacted` in the checkpoint's tree. */
  readonly inclusion: readonly string[];
  /** Consistency proofs from older checkpoints the auditor may hold to this one, by ascending `fromSize`. */
  readonly consistency: readonly ConsistencyFrom[];
  /**
   * The blobs the events name (`…Blob` properties), by ascending digest; absent (never empty) when they name none,
   * so a bundle without blobs has the bytes it had before blobs existed.
   */
  readonly blobs?: readonly BundleBlob[];
}

/** A blob an event names, carried whole. */
export interface BundleBlob {
  /** `sha256:<lowercase hex>` of the bytes. */
  readonly digest: string;
  /** The bytes, standard padded base64. */
  readonly bytes: string;
}

/** An event envelope exactly as the ledger hashed it, with its global position. */
export interface BundleEvent {
  readonly id: string;
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: JsonValue;
  readonly meta: JsonObject;
  readonly prevHash: string;
  readonly hash: string;
}

export interface RedactedLeaf {
  readonly position: number;
  readonly hash: string;
}

export interface ConsistencyFrom {
  readonly fromSize: number;
  /** The root of the tree of `fromSize` events (lowercase hex). */
  readonly fromRoot: string;
  /** RFC 9162 consistency proof from `fromSize` to the checkpoint's tree size (lowercase hex). */
  readonly proof: readonly string[];
}

/** The stream every event of run `runId` is in. */
export const runStreamOf = (runId: string): string => `run-${runId}`;
/** The ledger's own streams the verifier reads: the genesis (origin) and the checkpoint keys. */
export const LEDGER_STREAM = 'ledger';
export const KEYS_STREAM = 'keys';
/** The tenant of the ledger's own events. */
export const SYSTEM_TENANT = 'system';
