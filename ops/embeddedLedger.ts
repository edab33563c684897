import type { DataDirectory } from './dataDirectory.js';
import { openNodeLedger } from './store/nodeLedger.js';
import type { NodeLedger, NodeLedgerOptions } from './store/nodeLedger.js';

/** The embedded case of {@link openNodeLedger}: the ledger in the data directory's own SQLite file. */
export function openEmbeddedLedger(dir: DataDirectory, options: NodeLedgerOptions = {}): Promise<NodeLedger> {
  return openNodeLedger(dir, { kind: 'sqlite', file: dir.ledgerFile }, options);
}
