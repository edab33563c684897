import { LedgerError } from '../../domain/index.js';
import type { EventLog } from '../../domain/index.js';
import { isMerkleDataError, MerkleTreeBuilder, MerkleTreeReader } from '../merkle/index.js';
import type { CompactRange, MerkleNodeStore } from '../merkle/index.js';
import { eventLogLeafSource } from './eventLogLeafSource.js';

/** Events read per page while refilling the cache. */
const PAGE = 10_000;

/**
 * The compact range of the first `size` events, taken from the node cache only when it hashes to `signedRoot`
 * (the root of the last signed checkpoint; undefined when none exists). A cache that disagrees, or holds a
 * malformed node, is rebuilt from the events (see rebuildNodeCache) and the range taken again: the cache is
 * derived data and never the reason a wrong root gets signed.
 *
 * @throws LedgerError `STORAGE_CORRUPT` (details: treeSize, signedRoot, eventsRoot) when even the stored events no
 *   longer hash to the signed root: the ledger itself is damaged, which only `mir verify` may judge; nothing is
 *   signed over it.
 */
export async function compactRangeMatching(
  log: EventLog,
  nodes: MerkleNodeStore,
  size: number,
  signedRoot: Buffer | undefined,
): Promise<CompactRange> {
  const reader = new MerkleTreeReader(eventLogLeafSource(log), nodes);
  const cached = await reader.compactRangeAt(size).catch((error: unknown) => {
    if (isMerkleDataError(error) && error.code === 'MERKLE_HASH_MALFORMED') return undefined;
    throw error;
  });
  if (cached !== undefined && (signedRoot === undefined || cached.root().equals(signedRoot))) return cached;
  await rebuildNodeCache(log, nodes);
  const rebuilt = await reader.compactRangeAt(size);
  if (signedRoot !== undefined && !rebuilt.root().equals(signedRoot)) {
    throw new LedgerError(
      'STORAGE_CORRUPT',
      `the first ${size} events no longer hash to the last signed root: the ledger is damaged (run mir verify)`,
      {
        treeSize: size,
        signedRoot: signedRoot.toString('hex'),
        eventsRoot: rebuilt.root().toString('hex'),
      },
    );
  }
  return rebuilt;
}

/**
 * Drops every cached node and refills the cache from the event hashes of the whole log. Nodes are immutable
 * facts about the events, so a concurrent writer of correct nodes is no conflict. Returns the events folded.
 */
export async function rebuildNodeCache(log: EventLog, nodes: MerkleNodeStore): Promise<number> {
  await nodes.clear();
  const builder = new MerkleTreeBuilder();
  for (let from = 0; ; from += PAGE) {
    const page = await log.readEncoded(from, PAGE);
    for (const event of page) builder.append(Buffer.from(event.hash, 'hex'));
    await nodes.putMany(builder.drainCompletedNodes());
    if (page.length < PAGE) return builder.size;
  }
}
