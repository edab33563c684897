import { CheckpointRef } from './refs.js';
import { CosignatureType } from './witness.js';

CheckpointRef.implement({
  description:
    'A signed tree head: the first `treeSize` events hash to `rootHash`. `note` is the C2SP signed note an ' +
    'auditor verifies offline with the pinned verifier key (the API serving a key is never a trust anchor).',
  fields: (t) => ({
    origin: t.string({ resolve: (signed) => signed.checkpoint.origin }),
    treeSize: t.field({ type: 'Position', resolve: (signed) => signed.checkpoint.treeSize }),
    rootHash: t.string({
      description: 'Hex.',
      resolve: (signed) => signed.checkpoint.rootHash.toString('hex'),
    }),
    timestamp: t.string({
      description: 'ISO 8601 (UTC) of the signed millisecond timestamp.',
      resolve: (signed) => new Date(signed.checkpoint.timestamp).toISOString(),
    }),
    note: t.exposeString('note'),
    cosignatures: t.field({
      type: [CosignatureType],
      description:
        "Witnesses' cosignatures recorded for this checkpoint, one per witness, in the order they were recorded.",
      resolve: (signed, _args, context) => context.loaders.cosignatures.load(signed),
    }),
  }),
});

export { CheckpointRef as CheckpointType };
