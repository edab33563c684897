import { API_KEY_STREAM_PREFIX } from '../../domain/index.js';
import type { ApiKeyIssuedData, ApiKeyRevokedData, RecordedEvent } from '../../domain/index.js';
import { NO_EFFECTS, defineProjection } from '../projection.js';
import { API_KEYS_SCHEMA, apiKeysWriter } from './apiKeysTable.js';
import type { ApiKeysChange } from './apiKeysTable.js';

/**
 * API keys from `apiKey-<keyId>` streams. The key id is the stream's (the chain binds it); the key's tenant is
 * the one in ApiKeyIssued's data, not the issuer's meta tenant (an admin may issue keys for any tenant).
 */
export function evolveApiKeys(event: RecordedEvent): readonly ApiKeysChange[] {
  if (!event.stream.startsWith(API_KEY_STREAM_PREFIX)) return NO_EFFECTS;
  const keyId = event.stream.slice(API_KEY_STREAM_PREFIX.length);
  if (event.type === 'ApiKeyIssued') {
    const { role, tenant, label, secretHash } = event.data as unknown as ApiKeyIssuedData;
    const issuedAt = event.meta.occurredAt;
    return [{ kind: 'issued', keyId, role, tenant, label, secretHash, issuedAt, position: event.position }];
  }
  if (event.type === 'ApiKeyRevoked') {
    const { reason } = event.data as unknown as ApiKeyRevokedData;
    return [{ kind: 'revoked', keyId, reason, revokedAt: event.meta.occurredAt, position: event.position }];
  }
  return NO_EFFECTS;
}

export const apiKeysProjection = defineProjection<ApiKeysChange>({
  name: 'api_keys',
  version: 1,
  schema: API_KEYS_SCHEMA,
  evolve: evolveApiKeys,
  writer: apiKeysWriter,
});
