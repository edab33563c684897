import type { RecordedEvent } from '../events/eventEnvelope.js';
import { RUN_STREAM_PREFIX } from '../runs/runEvents.js';
import type { PendingApproval } from './approvalQueue.js';
import { RUN_ENDED_EVENTS } from '../runs/runEvents.js';
import { pendingApprovalOf } from './approvalQueue.js';

/**
 * How an approval changed: `pending` — already waiting when the feed started; `requested` — newly asked for;
 * `granted`, `denied`, `expired` — decided (or noticed expired); `withdrawn` — its run ended first.
 */
export type ApprovalChangeKind = 'pending' | 'requested' | 'granted' | 'denied' | 'expired' | 'withdrawn';

export interface ApprovalChange {
  readonly kind: ApprovalChangeKind;
  /** The approval as it was requested. */
  readonly approval: PendingApproval;
  /** The event that made the change; null for `pending`. */
  readonly event: RecordedEvent | null;
}

const DECIDED: Readonly<Record<string, ApprovalChangeKind>> = {
  ApprovalGranted: 'granted',
  ApprovalDenied: 'denied',
  ApprovalExpired: 'expired',
};

/**
 * One tenant's approval queue as a stream of changes, for a reviewer's live view: seeded with the queue's
 * pending approvals, then fed the queue's events (`APPROVAL_QUEUE_EVENTS`) from the position the seed was taken
 * at. It keeps what is still pending so that a run's end can name the approvals it withdraws. Pure.
 */
export class ApprovalFeed {
  readonly #tenant: string;
  readonly #pending = new Map<string, PendingApproval>();

  constructor(tenant: string, seed: readonly PendingApproval[]) {
    this.#tenant = tenant;
    for (const approval of seed)
      if (approval.tenant === tenant) this.#pending.set(approval.approvalId, approval);
  }

  /** The seed, oldest request first, as `pending` changes. */
  initial(): ApprovalChange[] {
    return [...this.#pending.values()]
      .sort((a, b) => a.position - b.position)
      .map((approval) => ({ kind: 'pending', approval, event: null }));
  }

  /** The changes `event` makes to this tenant's queue (none for other tenants' events and unrelated ones). */
  apply(event: RecordedEvent): ApprovalChange[] {
    if (event.meta.tenant !== this.#tenant || !event.stream.startsWith(RUN_STREAM_PREFIX)) return [];
    if (event.type === 'ApprovalRequested') {
      const approval = pendingApprovalOf(event);
      this.#pending.set(approval.approvalId, approval);
      return [{ kind: 'requested', approval, event }];
    }
    const decided = DECIDED[event.type];
    if (decided !== undefined) {
      const approvalId = (event.data as { approvalId?: unknown }).approvalId;
      const approval = typeof approvalId === 'string' ? this.#pending.get(approvalId) : undefined;
      if (approval === undefined) return [];
      this.#pending.delete(approval.approvalId);
      return [{ kind: decided, approval, event }];
    }
    if (!(RUN_ENDED_EVENTS as readonly string[]).includes(event.type)) return [];
    const runId = event.stream.slice(RUN_STREAM_PREFIX.length);
    const withdrawn = [...this.#pending.values()].filter((approval) => approval.runId === runId);
    for (const approval of withdrawn) this.#pending.delete(approval.approvalId);
    return withdrawn.map((approval) => ({ kind: 'withdrawn', approval, event }));
  }
}
