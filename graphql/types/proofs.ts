import type { SignedCheckpoint } from '../../ledger/index.js';
import { builder } from '../builder.js';
import { CheckpointRef } from './refs.js';

export interface InclusionProofView {
  readonly eventId: string;
  readonly leafIndex: number;
  readonly treeSize: number;
  readonly leafHash: string;
  readonly hashes: readonly string[];
  readonly rootHash: string;
  readonly checkpoint: SignedCheckpoint | null;
}

export interface ConsistencyProofView {
  readonly fromSize: number;
  readonly toSize: number;
  readonly hashes: readonly string[];
}

export const InclusionProofType = builder.objectRef<InclusionProofView>('InclusionProof').implement({
  description:
    'RFC 9162 inclusion proof of one event (leaf index = its position). Verify it against the root of a ' +
    'checkpoint you verified yourself; `rootHash` is what this proof yields, for convenience only.',
  fields: (t) => ({
    eventId: t.exposeID('eventId'),
    leafIndex: t.expose('leafIndex', { type: 'Position' }),
    treeSize: t.expose('treeSize', { type: 'Position' }),
    leafHash: t.exposeString('leafHash', { description: 'SHA-256(0x00 ‖ event hash), hex.' }),
    hashes: t.exposeStringList('hashes', { description: 'Audit path, hex, leaf to root.' }),
    rootHash: t.exposeString('rootHash', { description: 'Root of the tree of `treeSize` events, hex.' }),
    checkpoint: t.field({
      type: CheckpointRef,
      nullable: true,
      description: 'The signed checkpoint of exactly this tree size, when it is the latest one.',
      resolve: (proof) => proof.checkpoint,
    }),
  }),
});

export const ConsistencyProofType = builder.objectRef<ConsistencyProofView>('ConsistencyProof').implement({
  description:
    'RFC 9162 consistency proof: the tree of `toSize` events extends the tree of `fromSize` events.',
  fields: (t) => ({
    fromSize: t.expose('fromSize', { type: 'Position' }),
    toSize: t.expose('toSize', { type: 'Position' }),
    hashes: t.exposeStringList('hashes', { description: 'Hex.' }),
  }),
});
