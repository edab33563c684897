import type {
  ApprovalLimits,
  ApprovalSlot,
  PendingApprovalSlots,
} from '../approvals/pendingApprovalSlots.js';
import type { RunState } from '../runs/runDecider.js';
import { approvalQueueFull, pendingApprovalsOf } from './toolCallChecks.js';
import type { EarlyDenial } from './toolCallChecks.js';

/**
 * Room for one gated call's approval in its run's and its tenant's queue, for the length of one append (which
 * may decide more than once when other writers move the run). The run's cap is checked on the view being
 * decided (exact: the append expects that revision); the tenant's by a slot taken once and held until `settle`.
 */
export class ApprovalRoom {
  readonly #limits: ApprovalLimits;
  readonly #slots: PendingApprovalSlots;
  #slot: ApprovalSlot | null = null;

  constructor(limits: ApprovalLimits, slots: PendingApprovalSlots) {
    this.#limits = limits;
    this.#slots = slots;
  }

  /** Null when the approval may be requested, else the `APPROVAL_QUEUE_FULL` refusal (scope, limit, pending). */
  async check(view: RunState, now: number, tenant: string): Promise<EarlyDenial | null> {
    const inRun = pendingApprovalsOf(view, now);
    if (inRun >= this.#limits.perRun) return approvalQueueFull('run', this.#limits.perRun, inRun);
    if (this.#slot !== null) return null;
    const admission = await this.#slots.admit(tenant, now);
    if (!admission.admitted) return approvalQueueFull('tenant', admission.limit, admission.pending);
    this.#slot = admission.slot;
    return null;
  }

  /**
   * The append is over: `approvalPosition` is where its `ApprovalRequested` landed, absent when none was recorded
   * (refused, replayed, failed). Idempotent.
   */
  settle(approvalPosition?: number): void {
    this.#slot?.release(approvalPosition);
  }
}
