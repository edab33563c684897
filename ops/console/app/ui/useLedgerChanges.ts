import { useEffect, useRef } from 'preact/hooks';
import { useFeed } from './useFeed.js';
import type { FeedState } from './useFeed.js';

/** `ledgerTail`'s filter: one stream prefix (e.g. `memory-`) and the event types to report. */
export interface LedgerChangeFilter {
  readonly streamPrefix: string;
  readonly types: readonly string[];
}

const LEDGER_CHANGES = `subscription LedgerChanges($filter: LedgerTailFilter, $fromPosition: Position) {
  ledgerTail(filter: $filter, fromPosition: $fromPosition) { position }
}`;

/**
 * For a view that shows a query's answer and must follow what the ledger records: calls `onChange` for each event
 * of `ledgerTail` matching `filter` (from now on, resuming after the last one seen) and each time the feed
 * (re)connects, since something may have committed while it was away. `key` names the feed (it restarts when
 * the key changes); the filter is read when it (re)subscribes.
 */
export function useLedgerChanges(key: string, filter: LedgerChangeFilter, onChange: () => void): FeedState {
  const latest = useRef(onChange);
  latest.current = onChange;
  const feed = useFeed<{ position: number }>(key, {
    query: LEDGER_CHANGES,
    field: 'ledgerTail',
    variables: (after) => ({
      filter: { streamPrefix: filter.streamPrefix, types: [...filter.types] },
      ...(after === null ? {} : { fromPosition: after + 1 }),
    }),
    positionOf: (event) => event.position,
    onItem: () => latest.current(),
  });
  useEffect(() => {
    if (feed.status === 'live') latest.current();
  }, [feed.status]);
  return feed;
}
