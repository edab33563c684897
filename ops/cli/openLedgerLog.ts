import { MirError } from '../../domain/index.js';
import { readOrigin } from '../../ledger/index.js';
import { openStoreLog } from '../store/ledgerStore.js';
import type { StoreEventLog } from '../store/ledgerStore.js';
import { describeStore } from '../store/storeLocation.js';
import type { LedgerTarget } from './ledgerTarget.js';

/**
 * How CLI commands open the ledger of a target (see `ledgerTarget`): a storage error at open (a file that is not a
 * ledger, a corrupt one, an unreachable database) is rethrown with the same code and the store named in its
 * message (see openStoreLog). With `requireGenesis`, a ledger no server has initialised yet is refused
 * (LEDGER_NOT_INITIALISED).
 */
export async function openLedgerLog(
  { store }: LedgerTarget,
  options: { readonly readOnly?: boolean; readonly requireGenesis?: boolean } = {},
): Promise<StoreEventLog> {
  const log = await openStoreLog(store, { readOnly: options.readOnly === true });
  if (options.requireGenesis === true && (await readOrigin(log)) === null) {
    await log.close();
    const where = describeStore(store);
    throw new MirError(
      'LEDGER_NOT_INITIALISED',
      `the ledger ${where} has no genesis event yet: start mir serve on it once`,
      store.kind === 'sqlite' ? { path: store.file } : { store: store.kind },
    );
  }
  return log;
}
