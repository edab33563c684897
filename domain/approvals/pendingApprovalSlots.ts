import type { ApprovalQueue } from './approvalQueue.js';

/** How many approvals may wait for a reviewer at once; a gated call beyond either is refused and recorded. */
export interface ApprovalLimits {
  /** Pending approvals of one run. */
  readonly perRun: number;
  /** Pending approvals of one tenant, over all its runs. */
  readonly perTenant: number;
}

/** 32 per run (a run waiting on more is stuck, not busy), 1,000 per tenant (a queue reviewers can still read). */
export const DEFAULT_APPROVAL_LIMITS: ApprovalLimits = { perRun: 32, perTenant: 1_000 };

/** A call's place in its tenant's queue, from its admission until the queue has read what its append recorded. */
export interface ApprovalSlot {
  /**
   * The call's append is done (`lastPosition`: where its `ApprovalRequested` landed; none when it asked for no
   * approval after all). The place keeps counting until the queue has folded that far, so the approval is never
   * missed nor counted twice. Idempotent.
   */
  release(lastPosition?: number): void;
}

export type ApprovalAdmission =
  | { readonly admitted: true; readonly slot: ApprovalSlot }
  | { readonly admitted: false; readonly pending: number; readonly limit: number };

interface Place {
  /** Set once appended: the place counts until the queue has read past this position. */
  until?: number;
}

/**
 * The per-tenant cap on pending approvals: the tenant's approvals in the reviewers' queue (requested, not yet
 * granted, denied, expired or withdrawn; past their deadline counts as expired) plus the gated calls this process
 * has admitted and not yet seen folded into the queue.
 *
 * Within one process the count cannot race: admissions are serialised and an admitted call holds its place until
 * the queue has read its append. Across processes sharing the ledger, calls admitted at the same instant by
 * different processes can overshoot the cap by the calls the others have in flight (each sees the others'
 * approvals once they are committed).
 */
export class PendingApprovalSlots {
  readonly #queue: ApprovalQueue;
  readonly #limit: number;
  readonly #inFlight = new Map<string, Set<Place>>();
  #turn: Promise<unknown> = Promise.resolve();

  constructor(queue: ApprovalQueue, perTenant: number) {
    this.#queue = queue;
    this.#limit = perTenant;
  }

  /** A place in `tenant`'s queue at `now` (epoch ms), or the count that fills it. */
  admit(tenant: string, now: number): Promise<ApprovalAdmission> {
    const admitted = this.#turn.then(() => this.#admit(tenant, now));
    this.#turn = admitted.catch(() => undefined);
    return admitted;
  }

  async #admit(tenant: string, now: number): Promise<ApprovalAdmission> {
    const { pending, nextPosition } = await this.#queue.count(tenant, now);
    const places = this.#inFlight.get(tenant) ?? new Set<Place>();
    for (const place of places)
      if (place.until !== undefined && place.until < nextPosition) places.delete(place);
    const count = pending + places.size;
    if (count >= this.#limit) return { admitted: false, pending: count, limit: this.#limit };
    const place: Place = {};
    places.add(place);
    this.#inFlight.set(tenant, places);
    let released = false;
    const slot: ApprovalSlot = {
      release: (lastPosition) => {
        if (released) return;
        released = true;
        if (lastPosition === undefined) places.delete(place);
        else place.until = lastPosition;
      },
    };
    return { admitted: true, slot };
  }
}
