import type { Database } from 'better-sqlite3';
import type { ActorKind } from '../../domain/index.js';
import { batchedInsert } from '../batchedInsert.js';
import type { EffectWriter, TableSchema } from '../projection.js';

/**
 * `audit_events`: one row per ledger event of every stream, clustered by (tenant, position), so a tenant's events
 * in ledger order are one range of the table itself (no separate tenant+position index to build). Each secondary
 * index is (tenant, column); SQLite appends the primary key to every entry, so each also yields its matches in
 * position order, which keyset pagination needs; `audit_by_event` finds events by id. `occurred_at` is
 * milliseconds since the epoch (events carry 0 to 9 fractional digits; integers compare right whatever the text).
 */
export const AUDIT_EVENTS_SCHEMA: TableSchema = {
  tables: ['audit_events'],
  create: `
CREATE TABLE IF NOT EXISTS audit_events (
  tenant TEXT NOT NULL,
  position INTEGER NOT NULL,
  stream TEXT NOT NULL,
  revision INTEGER NOT NULL,
  type TEXT NOT NULL,
  actor_kind TEXT NOT NULL,
  actor_id TEXT NOT NULL,
  occurred_at INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  PRIMARY KEY (tenant, position)
) WITHOUT ROWID;
`,
  indexes: `
CREATE INDEX IF NOT EXISTS audit_by_stream ON audit_events (tenant, stream);
CREATE INDEX IF NOT EXISTS audit_by_type ON audit_events (tenant, type);
CREATE INDEX IF NOT EXISTS audit_by_actor ON audit_events (tenant, actor_id);
CREATE INDEX IF NOT EXISTS audit_by_time ON audit_events (tenant, occurred_at);
CREATE UNIQUE INDEX IF NOT EXISTS audit_by_event ON audit_events (event_id);
`,
};

/** One event as the audit index records it. */
export interface AuditEntry {
  readonly position: number;
  readonly tenant: string;
  readonly stream: string;
  readonly revision: number;
  readonly type: string;
  readonly actorKind: ActorKind;
  readonly actorId: string;
  /** Milliseconds since the epoch. */
  readonly occurredAt: number;
  readonly eventId: string;
}

export function auditEventsWriter(db: Database): EffectWriter<AuditEntry> {
  const rows = batchedInsert(db, 'audit_events', [
    'position',
    'tenant',
    'stream',
    'revision',
    'type',
    'actor_kind',
    'actor_id',
    'occurred_at',
    'event_id',
  ]);
  return {
    write(entry) {
      const { position, tenant, stream, revision, type, actorKind, actorId, occurredAt, eventId } = entry;
      rows.add(position, tenant, stream, revision, type, actorKind, actorId, occurredAt, eventId);
    },
    flush: () => rows.flush(),
  };
}
