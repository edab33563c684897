import type { RecordedEvent } from '../events/eventEnvelope.js';
import { PolicyError } from './policyErrors.js';
import type { PolicySetCheck } from './policyEvaluator.js';
import type { PolicyEvent, PolicySetPublishedData, PublishedPolicySet } from './policyEvents.js';
import type { PolicyLimitViolation } from './policyLimits.js';

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
  /** UTF-8 bytes of `policies`. */
  readonly bytes: number;
  /**
   * Over a limit (the text never reached the engine), or the evaluator's verdict on `policies` (within limits).
   */
  readonly admission: { readonly refused: PolicyLimitViolation } | { readonly check: PolicySetCheck };
}

/**
 * Decides a publish: a text over a limit is refused and the refusal recorded (`PolicySetRefused`); an invalid set
 * is refused with nothing recorded (`POLICY_INVALID`, details: the problems); the text of the current version
 * again decides nothing (idempotent); anything else becomes the next version.
 */
export function decidePublish(state: PolicyState, command: PublishPolicySet): PolicyEvent[] {
  if ('refused' in command.admission) {
    const { reason, limit, max, actual } = command.admission.refused;
    const { tenant, sha256, bytes, publishedBy } = command;
    return [
      {
        type: 'PolicySetRefused',
        data: { tenant, reason, limit, max, actual, sha256, bytes, refusedBy: publishedBy },
      },
    ];
  }
  const { check } = command.admission;
  if (!check.ok)
    throw new PolicyError('POLICY_INVALID', `policy set refused: ${check.problems.length} problem(s)`, {
      tenant: command.tenant,
      problems: check.problems.map((problem) => ({ ...problem })),
    });
  if (state.current?.sha256 === command.sha256) return [];
  return [
    {
      type: 'PolicySetPublished',
      data: {
        tenant: command.tenant,
        version: (state.current?.version ?? 0) + 1,
        policies: command.policies,
        policyIds: check.policyIds,
        sha256: command.sha256,
        publishedBy: command.publishedBy,
        description: command.description,
      },
    },
  ];
}
