import type { RecordedEvent } from '../events/eventEnvelope.js';
import { LogFollower } from '../events/logFollower.js';
import type { EventLog } from '../ports/eventLog.js';
import { RUN_ENDED_EVENTS, RUN_STREAM_PREFIX } from '../runs/runEvents.js';
import type { ApprovalRequestedData } from './approvalEvents.js';

/** An approval waiting for a reviewer, as the queue lists it. */
export interface PendingApproval extends ApprovalRequestedData {
  readonly runId: string;
  readonly tenant: string;
  readonly requestedAt: string;
  /** Global position of its `ApprovalRequested`: the queue's order. */
  readonly position: number;
}

/** The events that take an approval off the queue. */
export const APPROVAL_CLOSING_EVENTS: readonly string[] = [
  'ApprovalGranted',
  'ApprovalDenied',
  'ApprovalExpired',
];
/** Every event type that changes the queue. */
export const APPROVAL_QUEUE_EVENTS: readonly string[] = [
  'ApprovalRequested',
  ...APPROVAL_CLOSING_EVENTS,
  // A run that ends withdraws its pending approvals.
  ...RUN_ENDED_EVENTS,
];

/** A pending approval as the queue keeps it, from its `ApprovalRequested`. */
export function pendingApprovalOf(event: RecordedEvent): PendingApproval {
  const data = event.data as unknown as ApprovalRequestedData;
  const runId = event.stream.slice(RUN_STREAM_PREFIX.length);
  return {
    ...data,
    runId,
    tenant: event.meta.tenant,
    requestedAt: event.meta.occurredAt,
    position: event.position,
  };
}

/**
 * The reviewers' queue: approvals requested and not yet granted, denied or expired, on runs that have not
 * ended (a cancelled run's approvals leave the queue; deciding them is refused anyway). A fold of the run streams'
 * approval events, kept in memory and brought up to date from where it stopped on every read, so it follows
 * every writer sharing the ledger. Rebuilt from position 0 on start; a projection table is the next step when
 * memory matters.
 */
export class ApprovalQueue {
  readonly #follower: LogFollower;
  readonly #pending = new Map<string, PendingApproval>();

  constructor(log: EventLog) {
    this.#follower = new LogFollower(
      log,
      { streamPrefixes: [RUN_STREAM_PREFIX], types: [...APPROVAL_QUEUE_EVENTS] },
      (event) => this.#apply(event),
    );
  }

  /** The tenant's pending approvals in request order; `expired` ones (deadline passed at `now`) are marked. */
  async pending(tenant: string, now?: number): Promise<(PendingApproval & { readonly expired: boolean })[]> {
    return (await this.snapshot(tenant, now)).pending;
  }

  /**
   * The tenant's pending approvals and the position the queue has folded up to (exclusive): a live feed that
   * starts there misses and repeats nothing.
   */
  async snapshot(
    tenant: string,
    now?: number,
  ): Promise<{ pending: (PendingApproval & { readonly expired: boolean })[]; nextPosition: number }> {
    await this.refresh();
    const pending = [...this.#pending.values()]
      .filter((approval) => approval.tenant === tenant)
      .sort((a, b) => a.position - b.position)
      .map((approval) => ({ ...approval, expired: isExpired(approval, now) }));
    return { pending, nextPosition: this.#follower.nextPosition };
  }

  /**
   * How many of the tenant's approvals wait for a reviewer at `now` (those past their deadline are not counted:
   * they can no longer be granted), and the position the queue has folded up to (exclusive).
   */
  async count(tenant: string, now: number): Promise<{ pending: number; nextPosition: number }> {
    await this.refresh();
    let pending = 0;
    for (const approval of this.#pending.values())
      if (approval.tenant === tenant && !isExpired(approval, now)) pending++;
    return { pending, nextPosition: this.#follower.nextPosition };
  }

  refresh(): Promise<void> {
    return this.#follower.catchUp();
  }

  #apply(event: RecordedEvent): void {
    const runId = event.stream.slice(RUN_STREAM_PREFIX.length);
    if (event.type === 'ApprovalRequested') {
      const approval = pendingApprovalOf(event);
      this.#pending.set(approval.approvalId, approval);
    } else if (APPROVAL_CLOSING_EVENTS.includes(event.type)) {
      this.#pending.delete((event.data as { approvalId: string }).approvalId);
    } else {
      for (const [id, approval] of this.#pending) if (approval.runId === runId) this.#pending.delete(id);
    }
  }
}

/** Whether the approval's deadline has passed at `now` (unknown `now`: not expired). */
export function isExpired(approval: Pick<PendingApproval, 'expiresAt'>, now?: number): boolean {
  return now !== undefined && now > Date.parse(approval.expiresAt);
}
