import type { Role } from '../access/roles.js';
import type { MemoryScope, MemoryType, ReviewDecision } from './memoryEvents.js';

export interface ProposeMemory {
  readonly memoryId: string;
  readonly type: MemoryType;
  readonly scope: MemoryScope;
  /** Run id, agent name or user id; absent or null for tenant scope. */
  readonly scopeId?: string | null;
  readonly content: string;
  /**
   * Source event ids, each naming an event of the proposer's tenant, each listed once; required (non-empty) for
   * run scope and episodes.
   */
  readonly provenance: readonly string[];
  /** ISO 8601; must lie in the future. */
  readonly expiresAt?: string | null;
}

export interface ReviewMemory {
  readonly memoryId: string;
  readonly decision: ReviewDecision;
  readonly reason: string;
}

export interface RetractMemory {
  readonly memoryId: string;
  readonly reason: string;
}

export interface ApplyMemory {
  readonly runId: string;
  readonly memoryId: string;
}

/** Who issues a memory command, with which role, for which tenant, and when (ms, from the Clock port). */
export interface MemoryContext {
  readonly principal: string;
  readonly role: Role;
  readonly tenant: string;
  readonly now: number;
}
