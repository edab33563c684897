import { hashLeaf } from '../../ledger/index.js';
import { rootFromInclusionProof } from '../../ledger/index.js';
import { badInputError } from '../access/accessErrors.js';
import { builder } from '../builder.js';
import type { GraphqlContext } from '../context.js';
import { ConsistencyProofType, InclusionProofType } from '../types/proofs.js';
import type { InclusionProofView } from '../types/proofs.js';
import { findEventPosition } from './eventLookup.js';

const hex = (hashes: readonly Buffer[]) => hashes.map((hash) => hash.toString('hex'));

async function inclusionProof(
  context: GraphqlContext,
  eventId: string,
  treeSize: number | null,
): Promise<InclusionProofView | null> {
  const position = await findEventPosition(context, eventId);
  if (position === null) return null;
  const event = await context.loaders.event.load(position);
  if (event === null) return null;
  const latest = context.deps.ledger.latestCheckpoint();
  const size = treeSize ?? latest?.checkpoint.treeSize ?? null;
  if (size === null) throw badInputError('no signed checkpoint yet: pass `treeSize`');
  if (size <= position) {
    throw badInputError(`event ${eventId} is at position ${position}: treeSize must be more than that`, {
      position,
      treeSize: size,
    });
  }
  const proof = await context.deps.ledger.inclusionProof(position, size);
  const leaf = hashLeaf(Buffer.from(event.hash, 'hex'));
  return {
    eventId,
    leafIndex: position,
    treeSize: size,
    leafHash: leaf.toString('hex'),
    hashes: hex(proof),
    rootHash: rootFromInclusionProof(leaf, position, size, proof).toString('hex'),
    checkpoint: latest !== null && latest.checkpoint.treeSize === size ? latest : null,
  };
}

builder.queryFields((t) => ({
  inclusionProof: t.field({
    type: InclusionProofType,
    nullable: true,
    authScopes: { can: 'proofs' },
    description:
      'Proof that an event of your tenant is in the tree of `treeSize` events (default: the latest signed ' +
      'checkpoint). Null when the event is not found in your tenant.',
    args: {
      eventId: t.arg.id({ required: true }),
      treeSize: t.arg({ type: 'Position' }),
    },
    resolve: (_root, args, context) => inclusionProof(context, String(args.eventId), args.treeSize ?? null),
  }),
  consistencyProof: t.field({
    type: ConsistencyProofType,
    authScopes: { can: 'proofs' },
    description: 'Proof that the tree of `toSize` events extends the tree of `fromSize` events.',
    args: {
      fromSize: t.arg({ type: 'Position', required: true }),
      toSize: t.arg({ type: 'Position', required: true }),
    },
    resolve: async (_root, { fromSize, toSize }, context) => {
      if (fromSize > toSize) throw badInputError('`fromSize` must not exceed `toSize`', { fromSize, toSize });
      const proof = await context.deps.ledger.consistencyProof(fromSize, toSize);
      return { fromSize, toSize, hashes: hex(proof) };
    },
  }),
}));
