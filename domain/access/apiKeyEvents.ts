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
