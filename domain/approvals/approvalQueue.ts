import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { EventLog } from '../ports/eventLog.js';
import { RUN_STREAM_PREFIX } from '../runs/runEvents.js';
import type { ApprovalRequestedData } from './approvalEvents.js';

/** An approval waiting for a reviewer, as the queue lists it. */
export interface PendingApproval extends ApprovalRequestedData {
  readonly runId: string;
  readonly tenant: string;
  readonly requestedAt: string;
  /** Global position of its `ApprovalRequested`: the queue's order. */
  readonly position: number;
}

const CLOSING = ['ApprovalGranted', 'ApprovalRejected', 'ApprovalExpired'];
const RUN_ENDED = ['RunCompleted', 'RunFailed', 'RunCancelled'];
const PAGE = 5_000;

/**
 * The reviewers' queue: approvals requested and not yet granted, rejected or expired, on runs that have not
 * ended (a cancelled run's approvals leave the queue; deciding them is refused anyway). A fold of the run streams'
 * approval events, kept in memory and brought up to date from where it stopped on every read, so it follows
 * every writer sharing the ledger. Rebuilt from position 0 on start; a projection table is the next step when
 * memory matters.
 */
export class ApprovalQueue {
  readonly #log: EventLog;
  readonly #pending = new Map<string, PendingApproval>();
  #next = 0;

  constructor(log: EventLog) {
    this.#log = log;
  }

  /** The tenant's pending approvals in request order; `expired` ones (deadline passed at `now`) are marked. */
  async pending(tenant: string, now?: number): Promise<(PendingApproval & { readonly expired: boolean })[]> {
    await this.refresh();
    return [...this.#pending.values()]
      .filter((approval) => approval.tenant === tenant)
      .sort((a, b) => a.position - b.position)
      .map((approval) => ({
        ...approval,
        expired: now !== undefined && now > Date.parse(approval.expiresAt),
      }));
  }

  async refresh(): Promise<void> {
    const types = ['ApprovalRequested', ...CLOSING, ...RUN_ENDED];
    for (;;) {
      const page = await this.#log.readAll({
        fromPosition: this.#next,
        maxCount: PAGE,
        filter: { streamPrefixes: [RUN_STREAM_PREFIX], types },
      });
      for (const event of page) {
        this.#apply(event);
        this.#next = event.position + 1;
      }
      if (page.length < PAGE) return;
    }
  }

  #apply(event: RecordedEvent): void {
    const runId = event.stream.slice(RUN_STREAM_PREFIX.length);
    if (event.type === 'ApprovalRequested') {
      const data = event.data as unknown as ApprovalRequestedData;
      const { tenant, occurredAt } = event.meta;
      const approval = { ...data, runId, tenant, requestedAt: occurredAt, position: event.position };
      this.#pending.set(data.approvalId, approval);
    } else if (CLOSING.includes(event.type)) {
      this.#pending.delete((event.data as { approvalId: string }).approvalId);
    } else {
      for (const [id, approval] of this.#pending) if (approval.runId === runId) this.#pending.delete(id);
    }
  }
}
