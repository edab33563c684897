import { CheckpointRef } from './refs.js';

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
  }),
});

export { CheckpointRef as CheckpointType };
