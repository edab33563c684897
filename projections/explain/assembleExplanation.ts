import type { RecordedEvent } from '../../domain/index.js';
import type { RunAsOf } from '../runAsOf.js';
import {
  appliedMemoriesOf,
  approvalOf,
  budgetsOf,
  dataField,
  modelOf,
  policyDecisionsOf,
} from './explainSections.js';
import type { PolicySetText } from './explainSections.js';
import { MAX_CHAIN_EVENTS } from './explanation.js';
import type {
  CheckpointView,
  EventCauses,
  EventChain,
  Explanation,
  InclusionExplained,
} from './explanation.js';
import { summarizeExplanation } from './explanationSummary.js';

/** What the reader gathered for one event; everything else explain says is derived from it, purely. */
export interface ExplainInputs {
  readonly event: RecordedEvent;
  readonly causes: EventCauses;
  /** The run folded up to the event's position (`runAsOf`); null for events off run streams. */
  readonly run: RunAsOf | null;
  /** The tenant's published policy sets the run's decisions name. */
  readonly policySets: readonly PolicySetText[];
  /** Events of each memory stream the run applied, by stream name. */
  readonly memoryHistories: ReadonlyMap<string, readonly RecordedEvent[]>;
  /** The latest signed checkpoint; null while the ledger has none. */
  readonly checkpoint: CheckpointView | null;
  /** The event's audit path in `checkpoint`'s tree; null when the checkpoint does not cover the event. */
  readonly proofHashes: readonly string[] | null;
}

/** Puts the explanation of `inputs.event` together. Pure: the same inputs give the same explanation. */
export function assembleExplanation(inputs: ExplainInputs): Explanation {
  const { event, run } = inputs;
  const runEvents = run?.events ?? [];
  const callId = dataField(event, 'callId');
  const inferenceId = dataField(event, 'inferenceId');
  const facts = {
    event,
    causes: inputs.causes,
    run,
    budgets: run === null ? [] : budgetsOf(run.summary),
    policyDecisions: callId === null ? [] : policyDecisionsOf(runEvents, callId, inputs.policySets),
    approval: callId === null ? null : approvalOf(runEvents, callId),
    memories: appliedMemoriesOf(runEvents, inputs.memoryHistories),
    model: inferenceId === null ? null : modelOf(runEvents, inferenceId),
    inclusion: inclusionOf(event.position, inputs.checkpoint, inputs.proofHashes),
  };
  return { ...facts, summary: summarizeExplanation(facts) };
}

/** True when `checkpoint` signs a tree that holds the event at `position`. */
export function isCovered(position: number, checkpoint: CheckpointView | null): checkpoint is CheckpointView {
  return checkpoint !== null && checkpoint.treeSize > position;
}

/** The inclusion section: the proof when the checkpoint covers the event and a path was read, else why not. */
export function inclusionOf(
  position: number,
  checkpoint: CheckpointView | null,
  hashes: readonly string[] | null,
): InclusionExplained {
  if (checkpoint === null) return { proof: null, reason: 'the ledger has no signed checkpoint yet' };
  if (!isCovered(position, checkpoint) || hashes === null)
    return {
      proof: null,
      reason:
        `not yet covered: the latest signed checkpoint holds ${checkpoint.treeSize} events ` +
        `and this event is at position ${position}`,
    };
  return { proof: { leafIndex: position, treeSize: checkpoint.treeSize, hashes, checkpoint }, reason: null };
}

/** A chain of at most `MAX_CHAIN_EVENTS` of `events` (one more tells that it was cut). */
export function chainOf(events: readonly RecordedEvent[]): EventChain {
  return { events: events.slice(0, MAX_CHAIN_EVENTS), truncated: events.length > MAX_CHAIN_EVENTS };
}
