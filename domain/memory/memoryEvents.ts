import type { JsonValue } from '../events/json.js';

export const MEMORY_TYPES = ['fact', 'preference', 'instruction', 'episode'] as const;
export type MemoryType = (typeof MEMORY_TYPES)[number];

/** Who a memory is for: one run, one agent (by name), one user (by actor id), or the whole tenant. */
export const MEMORY_SCOPES = ['run', 'agent', 'user', 'tenant'] as const;
export type MemoryScope = (typeof MEMORY_SCOPES)[number];

export const MEMORY_STATUSES = ['proposed', 'approved', 'rejected', 'retracted'] as const;
export type MemoryStatus = (typeof MEMORY_STATUSES)[number];

export type ReviewDecision = 'approved' | 'rejected';

/** The model that computed an embedding: similarity only compares vectors of the same `sha256`. */
export interface EmbeddingModel {
  readonly name: string;
  readonly version: string;
  readonly sha256: string;
}

/** An embedding recorded with the proposal, so that the read model stays a pure (replayable) fold of events. */
export interface MemoryEmbedding {
  readonly model: EmbeddingModel;
  readonly vector: readonly number[];
}

/**
 * `MemoryProposed` (memory stream, revision 0). `scopeId` is the run id, agent name or user (actor) id; null for
 * tenant scope. `contentDigest` is the SHA-256 (hex) of the UTF-8 content. `provenance` lists the source event
 * ids; it is non-empty for run-scoped memory and episodes (both are derived from a run). `expiresAt` is ISO 8601.
 */
export interface MemoryProposedData {
  readonly memoryId: string;
  readonly type: MemoryType;
  readonly scope: MemoryScope;
  readonly scopeId: string | null;
  readonly content: string;
  readonly contentDigest: string;
  readonly provenance: readonly string[];
  readonly proposedBy: string;
  readonly expiresAt: string | null;
  readonly embedding: MemoryEmbedding | null;
}

export interface MemoryReviewedData {
  readonly memoryId: string;
  readonly decision: ReviewDecision;
  readonly reviewer: string;
  readonly reason: string;
}

/** A review that was refused because of who asked or the memory's state; `code` is the MemoryError's code. */
export interface MemoryReviewRefusedData {
  readonly memoryId: string;
  readonly decision: ReviewDecision;
  readonly reviewer: string;
  readonly code: string;
  readonly reason: string;
}

export interface MemoryRetractedData {
  readonly memoryId: string;
  readonly reason: string;
  readonly by: string;
}

/**
 * `MemoryApplied` (on the RUN stream): the exact memory version the run used from this point on. The version is
 * the memory stream's revision when it was applied (`memoryRevision`), pinned by `contentDigest`.
 */
export interface MemoryAppliedData {
  readonly memoryId: string;
  readonly memoryStream: string;
  readonly memoryRevision: number;
  readonly contentDigest: string;
  readonly type: MemoryType;
  readonly scope: MemoryScope;
  readonly appliedBy: string;
}

/** `MemoryApplyRefused` (on the RUN stream): the run asked for a memory it may not use, and why. */
export interface MemoryApplyRefusedData {
  readonly memoryId: string;
  readonly memoryRevision: number;
  readonly code: string;
  readonly reason: string;
  readonly by: string;
}

/** Events of a memory's own stream. */
export type MemoryEvent =
  | { readonly type: 'MemoryProposed'; readonly data: MemoryProposedData }
  | { readonly type: 'MemoryReviewed'; readonly data: MemoryReviewedData }
  | { readonly type: 'MemoryReviewRefused'; readonly data: MemoryReviewRefusedData }
  | { readonly type: 'MemoryRetracted'; readonly data: MemoryRetractedData };

/** Memory events recorded on a run's stream. */
export type RunMemoryEvent =
  | { readonly type: 'MemoryApplied'; readonly data: MemoryAppliedData }
  | { readonly type: 'MemoryApplyRefused'; readonly data: MemoryApplyRefusedData };

export const MEMORY_EVENT_TYPES: readonly MemoryEvent['type'][] = [
  'MemoryProposed',
  'MemoryReviewed',
  'MemoryReviewRefused',
  'MemoryRetracted',
];
export const RUN_MEMORY_EVENT_TYPES: readonly RunMemoryEvent['type'][] = [
  'MemoryApplied',
  'MemoryApplyRefused',
];

export const MEMORY_STREAM_PREFIX = 'memory-';

/**
 * One stream per memory item, `memory-<tenant>-<memoryId>`, rather than one per tenant: every command on a memory
 * folds only that memory's few events, and reviews of different memories never conflict on an expected revision
 * (a tenant-wide stream would serialise every proposal and review of the tenant). Tenant and id are also in the
 * data and meta, so nothing parses the name back.
 */
export function memoryStream(tenant: string, memoryId: string): string {
  return `${MEMORY_STREAM_PREFIX}${tenant}-${memoryId}`;
}

/** For envelopes: event data as the ledger's JSON type. */
export function memoryEventData(event: MemoryEvent | RunMemoryEvent): JsonValue {
  return event.data as unknown as JsonValue;
}
