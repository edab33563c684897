import { useEffect, useState } from 'preact/hooks';
import { gql } from '../../api/graphql.js';
import { LEDGER_HEAD } from './ledgerQueries.js';
import type { LedgerHead } from './ledgerQueries.js';

/** How often the view asks for the head while the tab is visible. */
export const HEAD_POLL_MS = 2_000;

/**
 * The ledger's head and latest checkpoint size, polled lightly (one small query every 2 s, none while the tab is
 * hidden). Polled rather than followed: `ledgerTail` delivers the caller's tenant's events only, while the head and
 * the checkpoints cover every tenant, so only `ledger` itself says where the head is.
 */
export function useLedgerHead(): LedgerHead['ledger'] | null {
  const [head, setHead] = useState<LedgerHead['ledger'] | null>(null);
  useEffect(() => {
    let stopped = false;
    const ask = () => {
      if (document.visibilityState === 'hidden') return;
      gql<LedgerHead>(LEDGER_HEAD)
        .then((data) => {
          if (!stopped) setHead(data.ledger);
        })
        // A missed poll is answered by the next one; the view keeps the last head it saw.
        .catch(() => undefined);
    };
    ask();
    const timer = setInterval(ask, HEAD_POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, []);
  return head;
}
