import type { ApiKeyRecord } from '../readModelQueries.js';
import type { SqlRows } from '../sqlRows.js';
import { API_KEY_COLUMNS, toApiKeyRecord } from './apiKeysTable.js';
import type { ApiKeyRow } from './apiKeysTable.js';

export function apiKeyById(rows: SqlRows, keyId: string): ApiKeyRecord | null {
  const [row] = rows<ApiKeyRow>(`SELECT ${API_KEY_COLUMNS} FROM api_keys WHERE key_id = ?`, [keyId]);
  return row === undefined ? null : toApiKeyRecord(row);
}

/** Keys of `tenant` (of every tenant when undefined), in issue order. */
export function listApiKeys(rows: SqlRows, tenant: string | undefined): ApiKeyRecord[] {
  const where = tenant === undefined ? '' : 'WHERE tenant = ?';
  return rows<ApiKeyRow>(
    `SELECT ${API_KEY_COLUMNS} FROM api_keys ${where} ORDER BY issued_position`,
    tenant === undefined ? [] : [tenant],
  ).map(toApiKeyRecord);
}
