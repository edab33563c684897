import { useEffect, useRef } from 'preact/hooks';
import type { BundleReport } from '../../../../../ledger/portable/bundle/bundleReport.js';
import { renderReport } from '../../../../verifyPage/page/renderReport.js';
import { ErrorNote } from '../../ui/errorNote.js';
import type { EvidenceBundle } from './evidenceBundle.js';
import { evidenceVerdict } from './evidenceVerdict.js';
import type { TrustedKeys } from './trustedKeys.js';

/** A bundle checked in the page: which bundle, against which keys, and the verifier's report. */
export interface CheckedBundle {
  readonly bundle: EvidenceBundle;
  readonly trusted: TrustedKeys;
  /** True when the bundle checked is the one downloaded here, false when it was fetched for the check. */
  readonly fromDownload: boolean;
  readonly report: BundleReport;
}

/**
 * The region "Evidence verification": the verdict ("Bundle verified: …" or the failure), what the trusted key is
 * worth, which bundle was checked, then the /verify page's own report (renderReport: summary, keys, witnesses,
 * timeline with the failing event marked).
 */
export function EvidenceReport(props: {
  readonly busy: boolean;
  readonly checked: CheckedBundle | null;
  readonly error: string | null;
}) {
  const checked = props.busy ? null : props.checked;
  const verdict = checked === null ? null : evidenceVerdict(checked.report, checked.trusted);
  return (
    <section class="evidence-verification" aria-label="Evidence verification" aria-busy={props.busy}>
      {props.busy && <p>Verifying the bundle in this page…</p>}
      {props.error !== null && !props.busy && <ErrorNote message={props.error} />}
      {checked !== null && verdict !== null && (
        <>
          <p class={`verdict-line ${verdict.ok ? 'ok' : 'bad'}`}>
            <strong>{verdict.text}</strong>
          </p>
          <p class={checked.trusted.source === 'served' ? 'trust-note served' : 'trust-note'}>
            {verdict.trustNote}
          </p>
          <p class="hint">
            {checked.fromDownload ? 'The bundle downloaded here' : 'The bundle fetched now'}: sha256{' '}
            <code>{checked.bundle.sha256}</code>, {checked.bundle.bytes} bytes.
          </p>
          <ReportDetails report={checked.report} />
        </>
      )}
    </section>
  );
}

/** The verifier page's report elements (built with its DOM helpers: every bundle value is text, never markup). */
function ReportDetails(props: { readonly report: BundleReport }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.replaceChildren(...renderReport(props.report));
  }, [props.report]);
  return <div ref={ref} class="bundle-report" />;
}
