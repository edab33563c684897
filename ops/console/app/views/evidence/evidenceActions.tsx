import { useState } from 'preact/hooks';
import { gql } from '../../api/graphql.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { useAction } from '../../ui/useAction.js';
import {
  CHECKPOINT_RETRY,
  EVIDENCE_BUNDLE,
  bundleBytes,
  bundleFileName,
  whenCheckpointed,
} from './evidenceBundle.js';
import type { EvidenceBundle } from './evidenceBundle.js';
import { EvidenceReport } from './evidenceReport.js';
import type { CheckedBundle } from './evidenceReport.js';
import { trustedKeys } from './trustedKeys.js';
import { verifyEvidence } from './verifyEvidence.js';

const PUBLIC_KEYS = 'query LedgerKeys { ledger { publicKeys } }';

/**
 * A run's evidence for roles holding `proofs`: download its bundle as the file `mir export` writes, and verify a
 * bundle in this page with the /verify page's verifier, against a pasted pinned key or (said plainly) the key the
 * server serves. Verification checks the bundle downloaded here when there is one, else fetches it.
 */
export function EvidenceActions(props: { readonly runId: string }) {
  const [downloaded, setDownloaded] = useState<EvidenceBundle | null>(null);
  const [waiting, setWaiting] = useState<string | null>(null);
  const [pasted, setPasted] = useState('');
  const fetchBundle = async (): Promise<EvidenceBundle> => {
    try {
      return await whenCheckpointed(
        async () =>
          (await gql<{ evidenceBundle: EvidenceBundle }>(EVIDENCE_BUNDLE, { runId: props.runId }))
            .evidenceBundle,
        {
          ...CHECKPOINT_RETRY,
          sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
          onWaiting: (attempt) =>
            setWaiting(
              `No signed checkpoint covers this run's latest events yet (NOT_YET_CHECKPOINTED): asking again (try ${attempt + 1} of ${CHECKPOINT_RETRY.attempts})…`,
            ),
        },
      );
    } finally {
      setWaiting(null);
    }
  };
  const download = useAction(async () => {
    const bundle = await fetchBundle();
    saveFile(bundleFileName(bundle.runId), bundleBytes(bundle));
    setDownloaded(bundle);
    return bundle;
  });
  const verify = useAction(async (): Promise<CheckedBundle> => {
    const bundle = downloaded ?? (await fetchBundle());
    const served =
      pasted.trim() === ''
        ? (await gql<{ ledger: { publicKeys: string[] } }>(PUBLIC_KEYS)).ledger.publicKeys
        : [];
    const trusted = trustedKeys(pasted, served);
    return {
      bundle,
      trusted,
      fromDownload: bundle === downloaded,
      report: await verifyEvidence(bundleBytes(bundle), trusted),
    };
  });
  const busy = download.busy || verify.busy;
  return (
    <section class="evidence" aria-labelledby="evidence-heading">
      <h2 id="evidence-heading">Evidence</h2>
      <div class="field">
        <label for="pinned-key">Pinned checkpoint key (optional)</label>
        <textarea
          id="pinned-key"
          rows={2}
          spellcheck={false}
          autocomplete="off"
          placeholder="mir.ledger/…+1a2b3c4d+AQ…"
          aria-describedby="pinned-key-help"
          value={pasted}
          onInput={(event) => setPasted(event.currentTarget.value)}
        />
        <p id="pinned-key-help" class="hint">
          Paste the ledger key you obtained out of band (<code>mir keys public</code>). Left empty, the bundle
          is checked against the key this server serves, which is no trust anchor.
        </p>
      </div>
      <div class="action-buttons">
        <button type="button" disabled={busy} onClick={() => void download.run()}>
          Download evidence bundle
        </button>
        <button type="button" disabled={busy} onClick={() => void verify.run()}>
          Verify evidence bundle
        </button>
      </div>
      <div role="status" class="hint">
        {waiting ??
          (downloaded === null
            ? ''
            : `Saved ${bundleFileName(downloaded.runId)}: ${downloaded.bytes} bytes, sha256 ${downloaded.sha256}, checkpoint tree size ${downloaded.treeSize}.`)}
      </div>
      {download.error !== null && <ErrorNote message={download.error} />}
      {(verify.busy || verify.result !== null || verify.error !== null) && (
        <EvidenceReport busy={verify.busy} checked={verify.result} error={verify.error} />
      )}
    </section>
  );
}

/** Saves `bytes` as a file named `name` through the browser's download (a Blob URL, revoked once used). */
function saveFile(name: string, bytes: Uint8Array): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
