import type { ChainedKey } from '../../ledger/index.js';
import { builder } from '../builder.js';

/** One key of the ledger's checkpoint key chain (`ledger/portable/keyChain.ts`). */
export const SigningKeyType = builder.objectRef<ChainedKey>('SigningKey').implement({
  description:
    'A checkpoint signing key and the tree sizes it may sign: larger than `introducedAfter` (null: from the first ' +
    'tree) and at most `retiredAfter` (null: the current key). A rotation (`mir keys rotate`) is a ' +
    '`SigningKeyRotated` event on the `keys` stream, signed by the retired and the introduced key; `mir verify` ' +
    'pinned to any key of the chain follows it. A key served by the API is no trust anchor: pin one out of band.',
  fields: (t) => ({
    verifierKey: t.exposeString('verifierKey', { description: 'C2SP verifier key.' }),
    introducedAfter: t.field({
      type: 'Position',
      nullable: true,
      description: 'The key signs only trees larger than this; null for the first key.',
      resolve: (key) => key.introducedAfter,
    }),
    retiredAfter: t.field({
      type: 'Position',
      nullable: true,
      description: 'Largest tree size the key may sign; null while it is the current key.',
      resolve: (key) => key.retiredAfter,
    }),
    current: t.boolean({
      description: 'Whether the ledger signs with this key now.',
      resolve: (key) => key.retiredAfter === null,
    }),
    position: t.field({
      type: 'Position',
      description: 'Position of the `keys` event that introduced the key (registration or rotation).',
      resolve: (key) => key.position,
    }),
  }),
});
