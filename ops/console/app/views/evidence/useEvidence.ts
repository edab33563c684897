import { useState } from 'preact/hooks';
import { gql } from '../../api/graphql.js';
import { useAction } from '../../ui/useAction.js';
import type { ActionState } from '../../ui/useAction.js';
import {
  CHECKPOINT_RETRY,
  EVIDENCE_BUNDLE,
  SERVED_KEYS,
  bundleBytes,
  bundleFileName,
  whenCheckpointed,
} from './evidenceBundle.js';
import type { EvidenceBundle } from './evidenceBundle.js';
import type { CheckedBundle } from './evidenceReport.js';
import { trustedKeys } from './trustedKeys.js';
import { verifyEvidence } from './verifyEvidence.js';

export interface Evidence {
  /** The bundle last saved as a file here, if any: what "verify" checks then. */
  readonly downloaded: EvidenceBundle | null;
  /** Said while the run is newer than every checkpoint and the bundle is asked for again. */
  readonly waiting: string | null;
  readonly download: ActionState<[], EvidenceBundle>;
  /** Verifies against the keys in `pasted` (one per line), or the served keys when it holds none. */
  readonly verify: ActionState<[pasted: string], CheckedBundle>;
}

/**
 * A run's evidence bundle: fetched (asking again while NOT_YET_CHECKPOINTED, bounded), saved as the file `mir
 * export` writes, and verified in the page: the bundle downloaded here when there is one, else a fresh one.
 */
export function useEvidence(runId: string): Evidence {
  const [downloaded, setDownloaded] = useState<EvidenceBundle | null>(null);
  const [waiting, setWaiting] = useState<string | null>(null);
  const fetchBundle = async (): Promise<EvidenceBundle> => {
    const ask = async () =>
      (await gql<{ evidenceBundle: EvidenceBundle }>(EVIDENCE_BUNDLE, { runId })).evidenceBundle;
    try {
      return await whenCheckpointed(ask, {
        ...CHECKPOINT_RETRY,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        onWaiting: (attempt) =>
          setWaiting(
            `No signed checkpoint covers this run's latest events yet (NOT_YET_CHECKPOINTED): asking again (try ${attempt + 1} of ${CHECKPOINT_RETRY.attempts})…`,
          ),
      });
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
  const verify = useAction(async (pasted: string): Promise<CheckedBundle> => {
    const bundle = downloaded ?? (await fetchBundle());
    const served =
      pasted.trim() === ''
        ? (await gql<{ ledger: { publicKeys: string[] } }>(SERVED_KEYS)).ledger.publicKeys
        : [];
    const trusted = trustedKeys(pasted, served);
    const report = await verifyEvidence(bundleBytes(bundle), trusted);
    return { bundle, trusted, fromDownload: bundle === downloaded, report };
  });
  return { downloaded, waiting, download, verify };
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
