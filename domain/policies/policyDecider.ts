import type { RecordedEvent } from '../events/eventEnvelope.js';
import { PolicyError } from './policyErrors.js';
import type { PolicySetCheck } from './policyEvaluator.js';
import type { PolicyEvent, PolicySetPublishedData, PublishedPolicySet } from './policyEvents.js';

/** A tenant's policy stream folded: its current set (null before the first publish) and last revision. */
export interface PolicyState {
  readonly current: PublishedPolicySet | null;
  readonly revision: number | null;
}

export const initialPolicyState: PolicyState = Object.freeze({ current: null, revision: null });

/** Folds one stored event of a policy stream. Total: unknown types only move the revision. */
export function evolvePolicy(state: PolicyState, event: RecordedEvent): PolicyState {
  if (event.type !== 'PolicySetPublished') return { ...state, revision: event.revision };
  return { current: toPublishedSet(event), revision: event.revision };
}

export function toPublishedSet(event: RecordedEvent): PublishedPolicySet {
  const data = event.data as unknown as PolicySetPublishedData;
  return { ...data, publishedAt: event.meta.occurredAt, eventId: event.id, revision: event.revision };
}

export interface PublishPolicySet {
  readonly tenant: string;
  readonly policies: string;
  readonly description: string;
  readonly publishedBy: string;
  /** SHA-256 of `policies` (from the digester port). */
  readonly sha256: string;
  /** The evaluator's verdict on `policies`. */
  readonly check: PolicySetCheck;
}

/**
 * Decides a publish: an invalid set is refused (`POLICY_INVALID`, details: the problems); the text of the current
 * version again decides nothing (idempotent); anything else becomes the next version.
 */
export function decidePublish(state: PolicyState, command: PublishPolicySet): PolicyEvent[] {
  if (!command.check.ok)
    throw new PolicyError(
      'POLICY_INVALID',
      `policy set refused: ${command.check.problems.length} problem(s)`,
      {
        tenant: command.tenant,
        problems: command.check.problems.map((problem) => ({ ...problem })),
      },
    );
  if (state.current?.sha256 === command.sha256) return [];
  return [
    {
      type: 'PolicySetPublished',
      data: {
        tenant: command.tenant,
        version: (state.current?.version ?? 0) + 1,
        policies: command.policies,
        policyIds: command.check.policyIds,
        sha256: command.sha256,
        publishedBy: command.publishedBy,
        description: command.description,
      },
    },
  ];
}
