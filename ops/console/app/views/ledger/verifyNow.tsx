import { useState } from 'preact/hooks';
import { ErrorNote } from '../../ui/errorNote.js';
import { useFeed } from '../../ui/useFeed.js';
import { LEDGER_VERIFICATION } from './ledgerQueries.js';
import { ledgerOutcome, progressPercent } from './verificationProgress.js';
import type { VerificationProgress } from './verificationProgress.js';

/**
 * "Verify now": the server recomputes every hash, chain, Merkle root and signature, streaming its progress
 * (`ledgerVerification`) into a progress bar, then the report: "Ledger verified", or the first failure with its
 * position and the values that disagree. Each click starts a new verification.
 */
export function VerifyNow() {
  const [round, setRound] = useState(0);
  const [progress, setProgress] = useState<VerificationProgress | null>(null);
  const feed = useFeed<VerificationProgress>(round === 0 ? null : `verification-${round}`, {
    query: LEDGER_VERIFICATION,
    field: 'ledgerVerification',
    variables: () => ({}),
    positionOf: () => null,
    onItem: setProgress,
  });
  const running = round > 0 && progress?.done !== true && feed.status !== 'ended';
  const start = () => {
    setProgress(null);
    setRound(round + 1);
  };
  return (
    <section class="panel" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Verify the ledger</h2>
      <button type="button" class="primary" disabled={running} onClick={start}>
        Verify now
      </button>
      {round > 0 && <Progress progress={progress} />}
      {round > 0 && feed.status === 'ended' && progress?.done !== true && (
        <ErrorNote
          message={`Verification stopped: ${feed.detail ?? 'the server ended it without a report'}`}
        />
      )}
      {progress?.report != null && <Outcome progress={progress} />}
    </section>
  );
}

function Progress(props: { readonly progress: VerificationProgress | null }) {
  const percent = progressPercent(props.progress);
  const verified = props.progress?.eventsVerified ?? 0;
  const total = props.progress?.total ?? 0;
  return (
    <div class="verify-progress">
      <div
        class="progress-track"
        role="progressbar"
        aria-label="Verification progress"
        aria-valuemin={0}
        aria-valuemax={total}
        aria-valuenow={verified}
        aria-valuetext={`${verified} of ${total} events verified`}
      >
        <div class="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <span class="hint">
        {verified} of {total} events ({percent}%)
      </span>
    </div>
  );
}

function Outcome(props: { readonly progress: VerificationProgress }) {
  const report = props.progress.report;
  if (report === null) return null;
  const outcome = ledgerOutcome(report);
  return (
    <div role="status" class={`verify-outcome ${outcome.ok ? 'ok' : 'bad'}`}>
      <p>
        <strong>{outcome.headline}</strong>
      </p>
      <ul>
        {outcome.details.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
