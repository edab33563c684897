import type { Database } from 'better-sqlite3';
import { unknownEffect } from '../projection.js';
import type { EffectWriter } from '../projection.js';
import type { MemoriesChange } from './memoriesProjection.js';

const INSERT = `
INSERT OR REPLACE INTO memories (tenant, memory_id, type, scope, scope_id, content, content_digest, provenance_json,
  status, proposed_by, proposed_at, expires_at, expires_at_ms, embedding_model, embedding, proposed_position,
  last_position, revision)
VALUES (@tenant, @memoryId, @type, @scope, @scopeId, @content, @contentDigest, @provenance, 'proposed', @proposedBy,
  @proposedAt, @expiresAt, @expiresAtMs, @embeddingModel, @embedding, @position, @position, @revision)`;
const INSERT_FTS = 'INSERT OR REPLACE INTO memories_fts (rowid, content) VALUES (?, ?)';
const REVIEWED = `UPDATE memories SET status = ?, reviewed_by = ?, review_reason = ?, last_position = ?, revision = ?
  WHERE tenant = ? AND memory_id = ?`;
const RETRACTED = `UPDATE memories SET status = 'retracted', retracted_by = ?, retract_reason = ?, last_position = ?,
  revision = ? WHERE tenant = ? AND memory_id = ?`;
const TOUCHED = 'UPDATE memories SET last_position = ?, revision = ? WHERE tenant = ? AND memory_id = ?';
const APPLIED = 'UPDATE memories SET applied_count = applied_count + 1 WHERE tenant = ? AND memory_id = ?';

/** Writes `memories` and its FTS index, one statement per change (memory events are few per item). */
export function memoriesWriter(db: Database): EffectWriter<MemoriesChange> {
  const [insert, insertFts, reviewed, retracted, touched, applied] = [
    INSERT,
    INSERT_FTS,
    REVIEWED,
    RETRACTED,
    TOUCHED,
    APPLIED,
  ].map((sql) => db.prepare(sql));
  return {
    write(change) {
      switch (change.kind) {
        case 'proposed': {
          const { data, at } = change;
          const vector = data.embedding?.vector;
          insert!.run({
            ...{
              tenant: at.tenant,
              memoryId: at.memoryId,
              type: data.type,
              scope: data.scope,
              scopeId: data.scopeId,
            },
            ...{
              content: data.content,
              contentDigest: data.contentDigest,
              provenance: JSON.stringify(data.provenance),
            },
            ...{ proposedBy: data.proposedBy, proposedAt: change.occurredAt, expiresAt: data.expiresAt },
            expiresAtMs: data.expiresAt === null ? null : Date.parse(data.expiresAt),
            embeddingModel: data.embedding?.model.sha256 ?? null,
            embedding: vector === undefined ? null : Buffer.from(Float32Array.from(vector).buffer),
            ...{ position: at.position, revision: at.revision },
          });
          insertFts!.run(at.position, data.content);
          return;
        }
        case 'reviewed': {
          const { at, data } = change;
          reviewed!.run(
            data.decision,
            data.reviewer,
            data.reason,
            at.position,
            at.revision,
            at.tenant,
            at.memoryId,
          );
          return;
        }
        case 'retracted': {
          const { at, data } = change;
          retracted!.run(data.by, data.reason, at.position, at.revision, at.tenant, at.memoryId);
          return;
        }
        case 'touched':
          touched!.run(change.at.position, change.at.revision, change.at.tenant, change.at.memoryId);
          return;
        case 'applied':
          applied!.run(change.tenant, change.memoryId);
          return;
        default:
          throw unknownEffect(change);
      }
    },
  };
}
