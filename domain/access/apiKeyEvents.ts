import type { JsonValue } from '../events/json.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { Role } from './roles.js';

/** API keys are ledger events: issuing and revoking are evidence like any other action. Stream: `apiKey-<keyId>`. */
export const API_KEY_STREAM_PREFIX = 'apiKey-';

export function apiKeyStream(keyId: string): string {
  return `${API_KEY_STREAM_PREFIX}${keyId}`;
}

/** `secretHash` is SHA-256 (hex) of the secret part of the key; the key itself is shown once and never stored. */
export interface ApiKeyIssuedData {
  readonly keyId: string;
  readonly role: Role;
  readonly tenant: string;
  readonly label: string;
  readonly secretHash: string;
}

export interface ApiKeyRevokedData {
  readonly keyId: string;
  readonly reason: string;
}

/**
 * Event data as it may be shown to anyone: everything except the hash of an API key's secret, which no reader
 * needs (it stays in the ledger only). Other events' data is returned as is.
 */
export function shownEventData(event: RecordedEvent): JsonValue {
  const { data } = event;
  if (!event.stream.startsWith(API_KEY_STREAM_PREFIX) || data === null || typeof data !== 'object')
    return data;
  if (Array.isArray(data) || !('secretHash' in data)) return data;
  return Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'secretHash'));
}
