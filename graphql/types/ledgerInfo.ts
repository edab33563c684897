import { builder } from '../builder.js';
import { CheckpointRef } from './refs.js';
import { SigningKeyType } from './signingKey.js';

/** The ledger as a whole: shared by every tenant (its checkpoints cover all events), so it names no tenant data. */
export const LedgerInfoType = builder.objectRef<Record<string, never>>('Ledger').implement({
  fields: (t) => ({
    head: t.field({
      type: 'Position',
      nullable: true,
      description: 'Position of the last committed event; null while the ledger is empty.',
      resolve: (_root, _args, context) => context.deps.log.headPosition(),
    }),
    origin: t.string({
      description: 'The log identity: first line of every checkpoint.',
      resolve: (_root, _args, context) => context.deps.ledger.origin,
    }),
    latestCheckpoint: t.field({
      type: CheckpointRef,
      nullable: true,
      resolve: (_root, _args, context) => context.deps.ledger.latestCheckpoint(),
    }),
    publicKeys: t.stringList({
      description:
        'C2SP verifier keys of every checkpoint signing key, oldest first (the last one signs now; see ' +
        '`signingKeys` for the tree sizes each may sign). Pin one out of band: a key served by the API is no ' +
        'trust anchor.',
      resolve: async (_root, _args, context) =>
        (await context.deps.ledger.signingKeys()).map((key) => key.verifierKey),
    }),
    signingKeys: t.field({
      type: [SigningKeyType],
      description: 'The checkpoint key chain, oldest first, with the tree sizes each key may sign.',
      resolve: (_root, _args, context) => context.deps.ledger.signingKeys(),
    }),
  }),
});
