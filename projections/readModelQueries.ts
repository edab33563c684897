import type { JsonValue, RecordedEvent } from '../domain/index.js';
import type { Role } from '../domain/access/roles.js';
import type { RunStatus } from '../domain/runs/runDecider.js';

/** A run as the `runs` read model holds it. Timestamps are ISO 8601 strings from the events' `occurredAt`. */
export interface RunSummary {
  readonly runId: string;
  readonly tenant: string;
  readonly status: RunStatus;
  readonly goal: string;
  readonly agent: string;
  readonly input: JsonValue;
  readonly budget: { readonly maxSteps?: number; readonly maxWallTimeMs?: number };
  readonly stepCount: number;
  readonly output: JsonValue;
  readonly failureReason: string | null;
  readonly cancelReason: string | null;
  readonly cancelledBy: string | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly endedAt: string | null;
  readonly startedBy: string;
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
}

/** The audit index: every event, by tenant, actor, type, stream, time and position range. */
export interface AuditFilter {
  readonly tenant: string;
  readonly stream?: string;
  readonly runId?: string;
  readonly types?: readonly string[];
  readonly actorId?: string;
  readonly fromPosition?: number;
  readonly toPosition?: number;
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
  runs(ids: readonly string[]): Promise<(RunSummary | null)[]>;
  listRuns(filter: RunFilter, page: PageRequest): Promise<Page<RunSummary>>;
  steps(runIds: readonly string[]): Promise<RunStep[][]>;
  /** Events of the audit index, newest-first cursor order is positions ascending; full events come from the log. */
  auditPositions(filter: AuditFilter, page: PageRequest): Promise<Page<number>>;
  apiKey(keyId: string): Promise<ApiKeyRecord | null>;
  listApiKeys(tenant?: string): Promise<ApiKeyRecord[]>;
  /** The position up to which every projection has applied events (null before the first event). */
  appliedPosition(): Promise<number | null>;
}

export type { RecordedEvent };
