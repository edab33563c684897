import { isMirError, MirError } from '../../domain/index.js';
import { openSqliteEventLog, readOrigin } from '../../ledger/index.js';
import type { SqliteEventLog } from '../../ledger/index.js';
import type { DataDirectory } from '../dataDirectory.js';

/**
 * How CLI commands open the ledger of an existing data directory (see `existingDataDirectory`): a storage error
 * at open (a file that is not a ledger, a corrupt one) is rethrown with the same code and the file's path in its
 * message. With `requireGenesis`, a ledger no server has initialised yet is refused (LEDGER_NOT_INITIALISED).
 */
export async function openLedgerLog(
  dir: DataDirectory,
  options: { readonly readOnly?: boolean; readonly requireGenesis?: boolean } = {},
): Promise<SqliteEventLog> {
  let log: SqliteEventLog;
  try {
    log = openSqliteEventLog(dir.ledgerFile, { readOnly: options.readOnly === true });
  } catch (error) {
    if (!isMirError(error)) throw error;
    throw new MirError(error.code, `${dir.ledgerFile}: ${error.message}`, {
      ...error.details,
      path: dir.ledgerFile,
    });
  }
  if (options.requireGenesis === true && (await readOrigin(log)) === null) {
    await log.close();
    throw new MirError(
      'LEDGER_NOT_INITIALISED',
      `the ledger ${dir.ledgerFile} has no genesis event yet: start mir serve on it once`,
      { path: dir.ledgerFile },
    );
  }
  return log;
}
