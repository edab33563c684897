/** The memory statuses of the API (`MemoryStatus`), in review order. */
export const MEMORY_STATUSES = ['proposed', 'approved', 'rejected', 'retracted'] as const;
export type MemoryStatus = (typeof MEMORY_STATUSES)[number];

/** A memory as the review lists it (`Memory`). */
export interface ReviewedMemory {
  readonly id: string;
  readonly type: string;
  readonly scope: string;
  readonly scopeId: string | null;
  readonly status: MemoryStatus;
  readonly content: string;
  readonly contentDigest: string;
  readonly provenance: readonly string[];
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly reviewedBy: string | null;
  readonly retractedBy: string | null;
  readonly expiresAt: string | null;
  readonly revision: number;
  readonly appliedCount: number;
}

/** How many memories one page shows, newest first (the API allows up to 100). */
export const MEMORY_PAGE = 50;

export const MEMORIES_QUERY = `query MemoryReview($status: MemoryStatus, $text: String, $first: Int) {
  memories(status: $status, text: $text, first: $first) {
    edges { node {
      id type scope scopeId status content contentDigest provenance proposedBy proposedAt reviewedBy retractedBy
      expiresAt revision appliedCount
    } }
    pageInfo { hasNextPage }
  }
}`;

/** The memory streams' events: any of them changes what the review shows. */
export const MEMORY_CHANGES = {
  streamPrefix: 'memory-',
  types: ['MemoryProposed', 'MemoryReviewed', 'MemoryReviewRefused', 'MemoryRetracted'],
} as const;

const MEMORY_RESULT = `
  __typename
  ... on MemoryPayload { memoryId status events { id position } }
  ... on Error { code message }
  ... on MemoryRefusedError { eventId }
`;

export const REVIEW_MEMORY = `mutation ReviewMemory(
  $memoryId: ID!, $decision: MemoryReviewDecision!, $reason: String!, $idempotencyKey: String
) {
  reviewMemory(memoryId: $memoryId, decision: $decision, reason: $reason, idempotencyKey: $idempotencyKey) {
    ${MEMORY_RESULT}
  }
}`;

export const RETRACT_MEMORY = `mutation RetractMemory($memoryId: ID!, $reason: String!, $idempotencyKey: String) {
  retractMemory(memoryId: $memoryId, reason: $reason, idempotencyKey: $idempotencyKey) { ${MEMORY_RESULT} }
}`;

/** What a review or retraction recorded (`MemoryPayload`). */
export interface MemoryPayload {
  readonly __typename: 'MemoryPayload';
  readonly memoryId: string;
  readonly status: MemoryStatus;
  readonly events: readonly { readonly id: string; readonly position: number }[];
}
