import { useEffect } from 'preact/hooks';
import { can } from '../../api/session.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { formatTime } from '../../ui/format.js';
import { useQuery } from '../../ui/useQuery.js';
import { CheckpointList } from './checkpointList.js';
import { CHECKPOINT_PAGE, LEDGER_OVERVIEW } from './ledgerQueries.js';
import type { LedgerOverview } from './ledgerQueries.js';
import { SigningKeyTable, WitnessTable } from './ledgerTables.js';
import { useLedgerHead } from './useLedgerHead.js';
import { VerifyNow } from './verifyNow.js';

/**
 * The ledger: its head (polled, see useLedgerHead), origin, latest signed checkpoint and its note, recent
 * checkpoints with witness cosignatures, the witnesses, the signing key chain, a link to the offline bundle
 * verifier, and "Verify now" for roles holding `verify`. The overview is read again when a new checkpoint is signed.
 */
export function LedgerView() {
  const overview = useQuery<LedgerOverview>(LEDGER_OVERVIEW, { first: CHECKPOINT_PAGE });
  const live = useLedgerHead();
  const ledger = overview.data?.ledger;
  const liveTreeSize = live?.latestCheckpoint?.treeSize;
  useEffect(() => {
    if (
      liveTreeSize !== undefined &&
      ledger !== undefined &&
      liveTreeSize !== ledger.latestCheckpoint?.treeSize
    )
      overview.reload();
  }, [liveTreeSize]);
  const head = live === null ? ledger?.head : live.head;
  return (
    <section class="ledger">
      <h1>Ledger</h1>
      {overview.error !== null && <ErrorNote message={overview.error} />}
      {ledger !== undefined && (
        <>
          <dl class="panel" aria-label="Ledger head">
            <dt>Head</dt>
            <dd data-testid="ledger-head">
              {head === null || head === undefined ? 'empty' : `position ${head}`}
            </dd>
            <dt>Origin</dt>
            <dd>
              <code>{ledger.origin}</code>
            </dd>
          </dl>
          <LatestCheckpoint ledger={ledger} />
        </>
      )}
      <p>
        <a href="/verify">Open the bundle verifier</a> — checks an evidence bundle file offline, in your
        browser, against the key you pinned.
      </p>
      {can('verify') && <VerifyNow />}
      {ledger !== undefined && (
        <>
          <section class="panel" aria-labelledby="checkpoints-heading">
            <h2 id="checkpoints-heading">Recent checkpoints</h2>
            <CheckpointList key={ledger.latestCheckpoint?.treeSize ?? 0} recent={ledger.checkpoints} />
          </section>
          <section class="panel" aria-labelledby="witnesses-heading">
            <h2 id="witnesses-heading">Witnesses</h2>
            <WitnessTable witnesses={ledger.witnesses} />
          </section>
          <section class="panel" aria-labelledby="keys-heading">
            <h2 id="keys-heading">Signing keys</h2>
            <p class="hint">
              A key served by the server is no trust anchor: pin one out of band (<code>mir keys public</code>
              ).
            </p>
            <SigningKeyTable keys={ledger.signingKeys} />
          </section>
        </>
      )}
    </section>
  );
}

function LatestCheckpoint(props: { readonly ledger: LedgerOverview['ledger'] }) {
  const checkpoint = props.ledger.latestCheckpoint;
  return (
    <section class="panel" aria-labelledby="latest-heading">
      <h2 id="latest-heading">Latest checkpoint</h2>
      {checkpoint === null ? (
        <p>No checkpoint signed yet.</p>
      ) : (
        <>
          <dl>
            <dt>Tree size</dt>
            <dd>{checkpoint.treeSize}</dd>
            <dt>Root hash</dt>
            <dd>
              <code>{checkpoint.rootHash}</code>
            </dd>
            <dt>Signed at</dt>
            <dd>{formatTime(checkpoint.timestamp)}</dd>
          </dl>
          <pre aria-label="Signed note">{checkpoint.note}</pre>
        </>
      )}
    </section>
  );
}
