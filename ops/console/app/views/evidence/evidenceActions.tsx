import { useState } from 'preact/hooks';
import { ErrorNote } from '../../ui/errorNote.js';
import { bundleFileName } from './evidenceBundle.js';
import { EvidenceReport } from './evidenceReport.js';
import { useEvidence } from './useEvidence.js';

/**
 * A run's evidence for roles holding `proofs`: download its bundle as the file `mir export` writes, and verify a
 * bundle in this page with the /verify page's verifier, against a pasted pinned key or (said plainly) the key the
 * server serves. Verification checks the bundle downloaded here when there is one, else fetches it.
 */
export function EvidenceActions(props: { readonly runId: string }) {
  const [pasted, setPasted] = useState('');
  const { downloaded, waiting, download, verify } = useEvidence(props.runId);
  const busy = download.busy || verify.busy;
  const saved =
    downloaded === null
      ? ''
      : `Saved ${bundleFileName(downloaded.runId)}: ${downloaded.bytes} bytes, sha256 ${downloaded.sha256}, checkpoint tree size ${downloaded.treeSize}.`;
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
        <button type="button" disabled={busy} onClick={() => void verify.run(pasted)}>
          Verify evidence bundle
        </button>
      </div>
      <div role="status" class="hint">
        {waiting ?? saved}
      </div>
      {download.error !== null && <ErrorNote message={download.error} />}
      {(verify.busy || verify.result !== null || verify.error !== null) && (
        <EvidenceReport busy={verify.busy} checked={verify.result} error={verify.error} />
      )}
    </section>
  );
}
