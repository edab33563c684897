import type { Database } from 'better-sqlite3';
import type { Role } from '../../domain/index.js';
import { unknownEffect } from '../projection.js';
import type { EffectWriter, TableSchema } from '../projection.js';
import type { ApiKeyRecord } from '../readModelQueries.js';

/** `api_keys`: one row per issued key (its secret's hash only), revocation columns filled once revoked. */
export const API_KEYS_SCHEMA: TableSchema = {
  tables: ['api_keys'],
  create: `
CREATE TABLE IF NOT EXISTS api_keys (
  key_id TEXT PRIMARY KEY,
  role TEXT NOT NULL,
  tenant TEXT NOT NULL,
  label TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  issued_position INTEGER NOT NULL,
  revoked_at TEXT,
  revoke_reason TEXT,
  revoked_position INTEGER
);
`,
  indexes: `
CREATE INDEX IF NOT EXISTS api_keys_by_tenant ON api_keys (tenant, issued_position);
`,
};

export type ApiKeysChange =
  | {
      readonly kind: 'issued';
      readonly keyId: string;
      readonly role: Role;
      readonly tenant: string;
      readonly label: string;
      readonly secretHash: string;
      readonly issuedAt: string;
      readonly position: number;
    }
  | {
      readonly kind: 'revoked';
      readonly keyId: string;
      readonly reason: string;
      readonly revokedAt: string;
      readonly position: number;
    };

/**
 * The first issue of a key id wins and a revocation is final: a later ApiKeyIssued for the same id can neither
 * change the key nor bring a revoked key back.
 */
export function apiKeysWriter(db: Database): EffectWriter<ApiKeysChange> {
  const issue = db.prepare(
    'INSERT INTO api_keys (key_id, role, tenant, label, secret_hash, issued_at, issued_position) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (key_id) DO NOTHING',
  );
  const revoke = db.prepare(
    'UPDATE api_keys SET revoked_at = ?, revoke_reason = ?, revoked_position = ? ' +
      'WHERE key_id = ? AND revoked_at IS NULL',
  );
  return {
    write(change) {
      switch (change.kind) {
        case 'issued':
          issue.run(
            change.keyId,
            change.role,
            change.tenant,
            change.label,
            change.secretHash,
            change.issuedAt,
            change.position,
          );
          return;
        case 'revoked':
          revoke.run(change.revokedAt, change.reason, change.position, change.keyId);
          return;
        default:
          throw unknownEffect(change);
      }
    },
  };
}

export const API_KEY_COLUMNS = 'key_id, role, tenant, label, secret_hash, issued_at, revoked_at';

export type ApiKeyRow = [
  keyId: string,
  role: string,
  tenant: string,
  label: string,
  secretHash: string,
  issuedAt: string,
  revokedAt: string | null,
];

export function toApiKeyRecord(row: ApiKeyRow): ApiKeyRecord {
  return {
    keyId: row[0],
    role: row[1] as Role,
    tenant: row[2],
    label: row[3],
    secretHash: row[4],
    issuedAt: row[5],
    revokedAt: row[6],
  };
}
