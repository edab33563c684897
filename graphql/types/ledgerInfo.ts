import { z } from 'zod';
import { checkpointsBefore, recordedCosignatures } from '../../ledger/index.js';
import { builder } from '../builder.js';
import type { GraphqlContext } from '../context.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from './pageArgs.js';
import { CheckpointRef } from './refs.js';
import { SigningKeyType } from './signingKey.js';
import { WitnessType } from './witness.js';
import type { WitnessView } from './witness.js';

/** The configured witnesses, each with the largest tree size it is recorded to have cosigned. */
async function witnessViews(context: GraphqlContext): Promise<WitnessView[]> {
  const configured = context.deps.witnesses ?? [];
  if (configured.length === 0) return [];
  const largest = new Map<string, number>();
  for (const { witnessKey, treeSize } of await recordedCosignatures(context.deps.log))
    largest.set(witnessKey, Math.max(treeSize, largest.get(witnessKey) ?? 0));
  return configured.map(({ url, verifierKey }) => ({
    url,
    verifierKey,
    lastCosignedTreeSize: largest.get(verifierKey) ?? null,
  }));
}

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
    checkpoints: t.field({
      type: [CheckpointRef],
      description:
        'Signed checkpoints, newest first: `first` of them (1–100), below `beforeTreeSize` when given (pass the ' +
        "last one's `treeSize` for the next page).",
      args: {
        first: t.arg.int({
          defaultValue: DEFAULT_PAGE_SIZE,
          validate: z.number().int().min(1).max(MAX_PAGE_SIZE),
        }),
        beforeTreeSize: t.arg({ type: 'Position' }),
      },
      resolve: (_root, args, context) =>
        checkpointsBefore(
          context.deps.log,
          args.first ?? DEFAULT_PAGE_SIZE,
          args.beforeTreeSize ?? undefined,
        ),
    }),
    witnesses: t.field({
      type: [WitnessType],
      description:
        'The witnesses this server submits checkpoints to (`MIR_WITNESSES`), with the largest tree size each is ' +
        'recorded to have cosigned.',
      resolve: (_root, _args, context) => witnessViews(context),
    }),
    signingKeys: t.field({
      type: [SigningKeyType],
      description: 'The checkpoint key chain, oldest first, with the tree sizes each key may sign.',
      resolve: (_root, _args, context) => context.deps.ledger.signingKeys(),
    }),
  }),
});
