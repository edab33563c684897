import { LedgerError } from '../../domain/index.js';
import type { LedgerErrorCode } from '../../domain/index.js';

/**
 * Maps a SQLite failure to the port's storage error. The append it interrupted did not happen (its transaction
 * was rolled back), so every code but STORAGE_CORRUPT is safe to retry once the cause clears.
 */
export function toStorageError(error: unknown): LedgerError {
  if (error instanceof LedgerError) return error;
  const sqliteCode =
    typeof (error as { code?: unknown })?.code === 'string' ? (error as { code: string }).code : 'UNKNOWN';
  const message = error instanceof Error ? error.message : String(error);
  return new LedgerError(storageCodeOf(sqliteCode), `storage: ${message}`, { sqliteCode }, error);
}

function storageCodeOf(sqliteCode: string): LedgerErrorCode {
  if (sqliteCode === 'SQLITE_FULL') return 'STORAGE_FULL';
  if (sqliteCode.startsWith('SQLITE_READONLY')) return 'STORAGE_READONLY';
  if (sqliteCode.startsWith('SQLITE_BUSY') || sqliteCode.startsWith('SQLITE_LOCKED')) return 'STORAGE_BUSY';
  if (sqliteCode.startsWith('SQLITE_CORRUPT') || sqliteCode === 'SQLITE_NOTADB') return 'STORAGE_CORRUPT';
  return 'STORAGE_IO';
}

export function isUniqueIdViolation(error: unknown): boolean {
  return (
    (error as { code?: unknown })?.code === 'SQLITE_CONSTRAINT_UNIQUE' &&
    error instanceof Error &&
    error.message.includes('events.id')
  );
}
