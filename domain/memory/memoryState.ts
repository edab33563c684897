import type { MemoryEvent, MemoryScope, MemoryStatus, MemoryType, ReviewDecision } from './memoryEvents.js';

/** What a memory's stream says about it now. `revision` is the stream's last revision (null: no stream). */
export interface MemoryState {
  readonly memoryId: string | null;
  readonly tenant: string | null;
  readonly status: MemoryStatus | null;
  readonly type: MemoryType | null;
  readonly scope: MemoryScope | null;
  readonly scopeId: string | null;
  readonly contentDigest: string;
  readonly proposedBy: string;
  /** Milliseconds since the epoch; null: never expires. */
  readonly expiresAt: number | null;
  readonly review: { readonly decision: ReviewDecision; readonly reviewer: string } | null;
  readonly revision: number | null;
}

export const initialMemoryState: MemoryState = Object.freeze({
  memoryId: null,
  tenant: null,
  status: null,
  type: null,
  scope: null,
  scopeId: null,
  contentDigest: '',
  proposedBy: '',
  expiresAt: null,
  review: null,
  revision: null,
});

/** A memory event as evolve needs it: the decided event plus its revision and tenant. */
export type MemoryHistoryEvent = MemoryEvent & { readonly revision: number; readonly tenant: string };

/** Folds one event of a memory's stream. Total: unknown types (and refusals) only move the revision. */
export function evolveMemory(state: MemoryState, event: MemoryHistoryEvent): MemoryState {
  const moved = { ...state, revision: event.revision };
  switch (event.type) {
    case 'MemoryProposed': {
      const { memoryId, type, scope, scopeId, contentDigest, proposedBy, expiresAt } = event.data;
      const expires = expiresAt === null ? null : Date.parse(expiresAt);
      return {
        ...moved,
        ...{ memoryId, type, scope, scopeId, contentDigest, proposedBy, expiresAt: expires },
        tenant: event.tenant,
        status: 'proposed',
      };
    }
    case 'MemoryReviewed':
      return {
        ...moved,
        status: event.data.decision,
        review: { decision: event.data.decision, reviewer: event.data.reviewer },
      };
    case 'MemoryRetracted':
      return { ...moved, status: 'retracted' };
    default:
      return moved;
  }
}

/** Expired at `now` (ms): expiry is inclusive, a memory expiring at t is unusable from t on. */
export function isExpired(state: Pick<MemoryState, 'expiresAt'>, now: number): boolean {
  return state.expiresAt !== null && now >= state.expiresAt;
}
