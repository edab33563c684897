import type { EventChain, Explanation } from '../../projections/index.js';
import { hashLeaf, rootFromInclusionProof } from '../../ledger/index.js';
import type { SignedCheckpoint } from '../../ledger/index.js';
import { builder } from '../builder.js';
import { runViewAsOf } from '../views/runView.js';
import {
  AppliedMemoryType,
  ApprovalExplanationType,
  BudgetUseType,
  ModelExplanationType,
  PolicyDecisionExplanationType,
} from './explanationSections.js';
import { InclusionProofType } from './proofs.js';
import type { InclusionProofView } from './proofs.js';
import { EventRef, RunRef } from './refs.js';

const EventChainType = builder.objectRef<EventChain>('EventChain').implement({
  description: 'Events of one chain, at most 100; `truncated` says more exist.',
  fields: (t) => ({
    events: t.field({ type: [EventRef], resolve: (chain) => [...chain.events] }),
    truncated: t.exposeBoolean('truncated'),
  }),
});

/** The explanation's proof in the `InclusionProof` shape: leaf and root recomputed from the event and the path. */
function inclusionProofView(explanation: Explanation): InclusionProofView | null {
  const { proof } = explanation.inclusion;
  if (proof === null) return null;
  const leaf = hashLeaf(Buffer.from(explanation.event.hash, 'hex'));
  const path = proof.hashes.map((hash) => Buffer.from(hash, 'hex'));
  const { checkpoint } = proof;
  const signed: SignedCheckpoint = {
    checkpoint: {
      origin: checkpoint.origin,
      treeSize: checkpoint.treeSize,
      rootHash: Buffer.from(checkpoint.rootHash, 'hex'),
      timestamp: checkpoint.timestamp,
    },
    note: checkpoint.note,
  };
  return {
    eventId: explanation.event.id,
    leafIndex: proof.leafIndex,
    treeSize: proof.treeSize,
    leafHash: leaf.toString('hex'),
    hashes: proof.hashes,
    rootHash: rootFromInclusionProof(leaf, proof.leafIndex, proof.treeSize, path).toString('hex'),
    checkpoint: signed,
  };
}

export const ExplanationType = builder.objectRef<Explanation>('Explanation').implement({
  description:
    'Why an event happened and what stood behind it, read from the ledger: its causes, the run at that point, ' +
    'the policy decisions with the text of the determining policies, the approval, the memories applied, the ' +
    'model, the budgets used, and its inclusion proof against the latest signed checkpoint.',
  fields: (t) => ({
    event: t.field({ type: EventRef, resolve: (explanation) => explanation.event }),
    causation: t.field({
      type: EventChainType,
      description: "`causationId` walked back from the event's cause to the first event of its command.",
      resolve: (explanation) => explanation.causes.causation,
    }),
    correlation: t.field({
      type: EventChainType,
      description: "Events of the event's stream sharing its `correlationId`, in ledger order.",
      resolve: (explanation) => explanation.causes.correlation,
    }),
    run: t.field({
      type: RunRef,
      nullable: true,
      description: "The run at the event's position (as `run(id, asOf: position)`); null off run streams.",
      resolve: (explanation) =>
        explanation.run === null ? null : runViewAsOf(explanation.run, explanation.event.position),
    }),
    budgets: t.field({ type: [BudgetUseType], resolve: (explanation) => [...explanation.budgets] }),
    policyDecisions: t.field({
      type: [PolicyDecisionExplanationType],
      resolve: (explanation) => [...explanation.policyDecisions],
    }),
    approval: t.field({
      type: ApprovalExplanationType,
      nullable: true,
      resolve: (explanation) => explanation.approval,
    }),
    memories: t.field({ type: [AppliedMemoryType], resolve: (explanation) => [...explanation.memories] }),
    model: t.field({
      type: ModelExplanationType,
      nullable: true,
      resolve: (explanation) => explanation.model,
    }),
    inclusionProof: t.field({
      type: InclusionProofType,
      nullable: true,
      description: 'Against the latest signed checkpoint; null while no checkpoint covers the event.',
      resolve: inclusionProofView,
    }),
    notCoveredReason: t.string({
      nullable: true,
      description:
        'Why there is no inclusion proof (no checkpoint yet, or not yet covered); null with a proof.',
      resolve: (explanation) => explanation.inclusion.reason,
    }),
    summary: t.exposeString('summary', { description: 'One plain-language line.' }),
  }),
});
