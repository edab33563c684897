import { chmodSync, closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiKeyService, IssuedApiKey } from './apiKeyService.js';

export const ADMIN_TOKEN_FILE = 'admin.token';
export const BOOTSTRAP_TENANT = 'default';

/**
 * On the very first start (called only when the ledger was just created), issues an admin key for the `default` tenant so that a
 * newcomer can use the API at once, and writes its token to `keys/admin.token` (exclusive create, then 0600).
 * Returns the key for printing once. The file holds the only copy of the token; an existing file is never overwritten.
 */
export async function bootstrapAdminKey(keys: ApiKeyService, keysDir: string): Promise<IssuedApiKey> {
  const issued = await keys.issue(
    { role: 'admin', tenant: BOOTSTRAP_TENANT, label: 'bootstrap admin (keys/admin.token)' },
    { kind: 'system', id: 'bootstrap' },
  );
  const path = join(keysDir, ADMIN_TOKEN_FILE);
  const fd = openSync(path, 'wx', 0o600);
  try {
    chmodSync(path, 0o600);
    writeSync(fd, `${issued.token}\n`);
  } finally {
    closeSync(fd);
  }
  return issued;
}
