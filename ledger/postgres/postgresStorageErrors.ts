import { LedgerError } from '../../domain/index.js';
import type { LedgerErrorCode } from '../../domain/index.js';

/**
 * Maps a PostgreSQL or connection failure to the port's storage error. The transaction it interrupted was rolled
 * back, or, when the connection died during COMMIT, may have committed: either way the append was not
 * acknowledged, and retrying it with the same event ids is safe (a landed one comes back deduplicated). Every
 * code but STORAGE_CORRUPT is retryable once the cause clears. Details carry the SQLSTATE or the socket error
 * code, never the connection string.
 */
export function toPostgresStorageError(error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  const code =
    typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : '';
  const message = error instanceof Error ? error.message : String(error);
  return new LedgerError(storageCodeOf(code), `storage: ${message}`, { sqlState: code || null }, error);
}

function storageCodeOf(code: string): LedgerErrorCode {
  if (code === '53100') return 'STORAGE_FULL';
  if (code === '25006') return 'STORAGE_READONLY';
  if (code.startsWith('53') || ['40001', '40P01', '55P03', '57014'].includes(code)) return 'STORAGE_BUSY';
  if (code === 'XX001' || code === 'XX002') return 'STORAGE_CORRUPT';
  return 'STORAGE_IO';
}
