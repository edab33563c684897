import { assembleBundle, bundleCheckpoint, exportRangeBundle } from '../../ledger/index.js';
import type { BundleProofSources, RangeRequest } from '../../ledger/index.js';
import { runEvidenceEvents } from './runEvidenceEvents.js';

/** Which checkpoint to prove against and which older ones the auditor holds. */
export interface BundleAnchor {
  /** Tree size of the checkpoint to prove against; the latest when absent. */
  readonly treeSize?: number;
  /** Tree sizes of older checkpoints the auditor holds: the bundle proves consistency from each. */
  readonly since?: readonly number[];
}

/** A bundle file's content, and the tree size of the checkpoint it is proven against. */
export interface ExportedBundle {
  readonly content: string;
  readonly treeSize: number;
}

/** Evidence bundles of a ledger (docs/evidence-bundle.md), for `mir export` and the `evidenceBundle` query. */
export interface EvidenceExporter {
  /** The bundle of run `runId`; null when there is no such run (in `tenant`, unless tenant is null). */
  runBundle(runId: string, tenant: string | null, anchor?: BundleAnchor): Promise<ExportedBundle | null>;
  rangeBundle(request: RangeRequest): Promise<string>;
}

export function evidenceExporter(sources: BundleProofSources): EvidenceExporter {
  return {
    runBundle: async (runId, tenant, anchor = {}) => {
      const gathered = await runEvidenceEvents(sources.log, runId, tenant);
      if (gathered === null) return null;
      const last = gathered.runEvents.at(-1)?.position ?? 0;
      const checkpoint = await bundleCheckpoint(sources.log, last, anchor.treeSize);
      const content = await assembleBundle(sources, {
        subject: { kind: 'run', runId, tenant: gathered.tenant },
        events: [...gathered.runEvents, ...gathered.contextEvents],
        redacted: [],
        checkpoint,
        since: anchor.since ?? [],
      });
      return { content, treeSize: checkpoint.checkpoint.treeSize };
    },
    rangeBundle: (request) => exportRangeBundle(sources, request),
  };
}
