import type { MemoryScope, MemoryStatus, MemoryType } from '../../domain/index.js';
import type { TableSchema } from '../projection.js';

/**
 * `memories`: one row per memory item, keyed by (tenant, memory_id). `expires_at_ms` is what `forUse` compares
 * against the clock; `embedding` is the recorded vector as little-endian float32 bytes, `embedding_model` the
 * embedder's sha256. `memories_fts` indexes the content (FTS5, rowid = the proposal's global position, which is
 * unique and never changes: content is immutable once proposed).
 */
export const MEMORIES_SCHEMA: TableSchema = {
  tables: ['memories', 'memories_fts'],
  create: `
CREATE TABLE IF NOT EXISTS memories (
  tenant TEXT NOT NULL,
  memory_id TEXT NOT NULL,
  type TEXT NOT NULL,
  scope TEXT NOT NULL,
  scope_id TEXT,
  content TEXT NOT NULL,
  content_digest TEXT NOT NULL,
  provenance_json TEXT NOT NULL,
  status TEXT NOT NULL,
  proposed_by TEXT NOT NULL,
  proposed_at TEXT NOT NULL,
  reviewed_by TEXT,
  review_reason TEXT,
  retracted_by TEXT,
  retract_reason TEXT,
  expires_at TEXT,
  expires_at_ms INTEGER,
  embedding_model TEXT,
  embedding BLOB,
  applied_count INTEGER NOT NULL DEFAULT 0,
  proposed_position INTEGER NOT NULL,
  last_position INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  PRIMARY KEY (tenant, memory_id)
);
CREATE VIRTUAL TABLE IF NOT EXISTS memories_fts USING fts5(content, tokenize = 'unicode61 remove_diacritics 2');
`,
  indexes: `
CREATE INDEX IF NOT EXISTS memories_by_tenant ON memories (tenant, proposed_position);
CREATE INDEX IF NOT EXISTS memories_by_status ON memories (tenant, status, proposed_position);
CREATE UNIQUE INDEX IF NOT EXISTS memories_by_position ON memories (proposed_position);
`,
};

/** A memory as the read model holds it. Times are ISO 8601 from the events. */
export interface MemoryRecord {
  readonly tenant: string;
  readonly memoryId: string;
  readonly type: MemoryType;
  readonly scope: MemoryScope;
  readonly scopeId: string | null;
  readonly content: string;
  readonly contentDigest: string;
  readonly provenance: readonly string[];
  readonly status: MemoryStatus;
  readonly proposedBy: string;
  readonly proposedAt: string;
  readonly reviewedBy: string | null;
  readonly retractedBy: string | null;
  readonly expiresAt: string | null;
  /** Times it was applied to a run (MemoryApplied events). */
  readonly appliedCount: number;
  readonly proposedPosition: number;
  readonly lastPosition: number;
  /** The memory stream's revision: the version a `MemoryApplied` names. */
  readonly revision: number;
}

export const MEMORY_COLUMNS =
  'tenant, memory_id, type, scope, scope_id, content, content_digest, provenance_json, status, proposed_by, ' +
  'proposed_at, reviewed_by, retracted_by, expires_at, applied_count, proposed_position, last_position, revision';

export type MemoryRow = [
  tenant: string,
  memoryId: string,
  type: string,
  scope: string,
  scopeId: string | null,
  content: string,
  contentDigest: string,
  provenance: string,
  status: string,
  proposedBy: string,
  proposedAt: string,
  reviewedBy: string | null,
  retractedBy: string | null,
  expiresAt: string | null,
  appliedCount: number,
  proposedPosition: number,
  lastPosition: number,
  revision: number,
];

export function toMemoryRecord(row: MemoryRow): MemoryRecord {
  return {
    tenant: row[0],
    memoryId: row[1],
    type: row[2] as MemoryType,
    scope: row[3] as MemoryScope,
    scopeId: row[4],
    content: row[5],
    contentDigest: row[6],
    provenance: JSON.parse(row[7]) as string[],
    status: row[8] as MemoryStatus,
    proposedBy: row[9],
    proposedAt: row[10],
    reviewedBy: row[11],
    retractedBy: row[12],
    expiresAt: row[13],
    appliedCount: row[14],
    proposedPosition: row[15],
    lastPosition: row[16],
    revision: row[17],
  };
}
