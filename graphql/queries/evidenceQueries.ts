import { createHash } from 'node:crypto';
import { evidenceExporter } from '../../projections/index.js';
import { notFoundError } from '../access/accessErrors.js';
import { builder } from '../builder.js';
import { principalOf } from '../context.js';
import { EvidenceBundleType } from '../types/evidenceBundle.js';
import { runIdSchema } from '../types/validators.js';

builder.queryField('evidenceBundle', (t) =>
  t.field({
    type: EvidenceBundleType,
    authScopes: { can: 'proofs' },
    description:
      'The evidence bundle of a run of your tenant, proven against the latest signed checkpoint (or the one of ' +
      '`treeSize`), with consistency proofs from the older checkpoints you hold (`since`). A run newer than ' +
      'every checkpoint is NOT_YET_CHECKPOINTED (409: ask again after the next checkpoint, about a second). A run ' +
      "not found in your tenant (another tenant's included) is NOT_FOUND, and recorded as a refusal.",
    args: {
      runId: t.arg.id({ required: true, validate: runIdSchema }),
      treeSize: t.arg({ type: 'Position' }),
      since: t.arg({ type: ['Position'] }),
    },
    resolve: async (_root, args, context) => {
      const runId = String(args.runId);
      const { deps } = context;
      const exporter = evidenceExporter({
        log: deps.log,
        tree: deps.ledger.tree,
        ...(deps.blobs === undefined ? {} : { blobs: deps.blobs }),
      });
      const bundle = await exporter.runBundle(runId, principalOf(context).tenant, {
        ...(args.treeSize == null ? {} : { treeSize: args.treeSize }),
        since: args.since ?? [],
      });
      if (bundle === null) throw notFoundError(`run ${runId}`);
      const sha256 = createHash('sha256').update(bundle.content).digest('hex');
      return { runId, content: bundle.content, treeSize: bundle.treeSize, sha256 };
    },
  }),
);
