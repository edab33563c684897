import type { BundleReport } from '../../../../../ledger/portable/bundle/bundleReport.js';
import type { TrustedKeys } from './trustedKeys.js';

/** The verification's outcome in one sentence, and what the trusted key was worth. */
export interface EvidenceVerdict {
  readonly ok: boolean;
  readonly text: string;
  readonly trustNote: string;
}

/**
 * "Bundle verified: …" when every check passed, else "Bundle NOT verified — CODE: message" naming the first failure
 * (and its position when the verifier gave one). The trust note says whether the key was pinned by the person or
 * served by this server, which is no trust anchor.
 */
export function evidenceVerdict(report: BundleReport, trusted: TrustedKeys): EvidenceVerdict {
  const trustNote =
    trusted.source === 'pinned'
      ? 'Checked against the key you pinned.'
      : 'Checked against the key this server serves: a key served by the server is no trust anchor. Paste the key you pinned out of band to rely on this result.';
  if (report.ok) {
    const size = report.checkpoint?.treeSize ?? '?';
    return {
      ok: true,
      text: `Bundle verified: ${report.eventsVerified} event(s) against the signed checkpoint of tree size ${size}.`,
      trustNote,
    };
  }
  const failure = report.failure;
  const where = failure?.position === undefined ? '' : ` (at position ${failure.position})`;
  return {
    ok: false,
    text: `Bundle NOT verified — ${failure?.code ?? 'FAILED'}: ${failure?.message ?? 'verification failed'}${where}`,
    trustNote,
  };
}
