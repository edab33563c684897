import type { JsonValue, RecordedEvent, RunBudget } from '../domain/index.js';
import type { Role } from '../domain/access/roles.js';
import type { RunStatus } from '../domain/runs/runDecider.js';
import type { MemoryFilter, MemoryRecord, SimilarMemoriesQuery, SimilarMemory } from './memory/index.js';

/** A run as the `runs` read model holds it. Timestamps are ISO 8601 strings from the events' `occurredAt`. */
export interface RunSummary {
  readonly runId: string;
  readonly tenant: string;
  readonly status: RunStatus;
  readonly goal: string;
  readonly agent: string;
  readonly input: JsonValue;
  readonly budget: RunBudget;
  readonly stepCount: number;
  /** Inference requests recorded (compare with `budget.maxInferenceCalls`). */
  readonly inferenceCalls: number;
  /** Tool calls requested (compare with `budget.maxToolCalls`). */
  readonly toolCalls: number;
  /** Approvals requested and not yet decided or expired (status `awaiting_approval` while > 0). */
  readonly pendingApprovals: number;
  readonly output: JsonValue;
  readonly failureReason: string | null;
  readonly cancelReason: string | null;
  readonly cancelledBy: string | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly endedAt: string | null;
  readonly startedBy: string;
  /**
   * Budget use in time, as the events tell it: ms from RunStarted to the run's end, or to its last event while it
   * is still open (compare with `budget.maxWallTimeMs`; steps used are `stepCount`).
   */
  readonly wallTimeMs: number;
  /** Global position of the run's last event, and the run stream's revision. */
  readonly lastPosition: number;
  readonly revision: number;
}

/** One step of a run's timeline. */
export interface RunStep {
  readonly runId: string;
  readonly stepNumber: number;
  readonly kind: string;
  readonly summary: string;
  readonly payload: JsonValue;
  readonly recordedAt: string;
  readonly position: number;
  readonly eventId: string;
}

/** Keyset pagination over a stable order: `after` is an opaque cursor returned with an earlier page. */
/** A fork (`runId`) and where it was forked from: the fields of its `RunStarted`'s `forkedFrom`. */
export interface RunFork {
  readonly runId: string;
  readonly sourceRunId: string;
  /** Global position of the source's event that completed `step`. */
  readonly sourcePosition: number;
  readonly step: number;
  readonly stateDigest: string;
  readonly reason: string;
  readonly forkedBy: string;
  /** Global position of the fork's `RunStarted`. */
  readonly position: number;
}

export interface PageRequest {
  readonly first: number;
  readonly after?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Cursor of each item, same order. */
  readonly cursors: readonly string[];
  readonly hasNextPage: boolean;
}

export interface RunFilter {
  readonly tenant: string;
  readonly status?: RunStatus;
  readonly agent?: string;
  /**
   * Keeps runs whose goal, agent or run id contains this text (ASCII letters compare case-insensitively, as SQLite's
   * LIKE does; `%` and `_` are literal).
   */
  readonly text?: string;
}

/** The audit index: every event, by tenant, actor, type, stream, time and position range. */
export interface AuditFilter {
  readonly tenant: string;
  readonly stream?: string;
  readonly runId?: string;
  readonly types?: readonly string[];
  readonly actorId?: string;
  /** Inclusive global position bounds. */
  readonly fromPosition?: number;
  readonly toPosition?: number;
  /** Exclusive ISO 8601 time bounds on the events' `occurredAt` (compared in milliseconds). */
  readonly occurredAfter?: string;
  readonly occurredBefore?: string;
}

export interface ApiKeyRecord {
  readonly keyId: string;
  readonly role: Role;
  readonly tenant: string;
  readonly label: string;
  readonly secretHash: string;
  readonly issuedAt: string;
  readonly revokedAt: string | null;
}

/**
 * What the API reads. Every query is tenant-scoped by its caller; nothing here returns rows of another tenant.
 * Positions are global ledger positions.
 */
export interface ReadModelQueries {
  /** The runs of `tenant` with these ids, in the same order; null for a missing id or another tenant's run. One query. */
  runs(tenant: string, ids: readonly string[]): Promise<(RunSummary | null)[]>;
  /** Runs of the filter's tenant, newest first (by the position of their RunStarted). */
  listRuns(filter: RunFilter, page: PageRequest): Promise<Page<RunSummary>>;
  /** Each run's steps in order, same order as `runIds`; [] for a missing id or another tenant's run. One query. */
  steps(tenant: string, runIds: readonly string[]): Promise<RunStep[][]>;
  /** Where each of these runs was forked from, same order; null when not a fork, missing or another tenant's. */
  forkOrigins(tenant: string, runIds: readonly string[]): Promise<(RunFork | null)[]>;
  /** The forks of each of these runs, oldest first, same order; [] for none. One query. */
  forksOf(tenant: string, sourceRunIds: readonly string[]): Promise<RunFork[][]>;
  /** Positions of the audit index's matching events, ascending (oldest first); full events come from the log. */
  auditPositions(filter: AuditFilter, page: PageRequest): Promise<Page<number>>;
  /** Where these events are in the ledger, same order; null for an unknown id or another tenant's event. One query. */
  eventPositions(tenant: string, eventIds: readonly string[]): Promise<(number | null)[]>;
  /** For authentication: a key whatever its tenant (the caller compares the secret's hash). */
  apiKey(keyId: string): Promise<ApiKeyRecord | null>;
  /** Keys of `tenant` (every tenant's when omitted: operator tooling only), in issue order. */
  listApiKeys(tenant?: string): Promise<ApiKeyRecord[]>;
  /** The position up to which every projection has applied events (null before the first event). */
  appliedPosition(): Promise<number | null>;
  /** Memory of the filter's tenant, newest first; `forUse` keeps only what a run may use now (see memory/). */
  memories(filter: MemoryFilter, page: PageRequest): Promise<Page<MemoryRecord>>;
  /** The k memories most similar to an embedding (from `similarMemoriesByText`), best first. */
  similarMemories(query: SimilarMemoriesQuery): Promise<SimilarMemory[]>;
}

export type { RecordedEvent };
