import { formatDuration } from '../../ui/format.js';

/** A determining policy of an approval: its `@id` and Cedar text at the recorded policy-set version. */
export interface ApprovalPolicy {
  readonly id: string;
  readonly text: string | null;
}

/** A pending approval as the `approvals` query and subscription answer it (`PendingApproval`). */
export interface QueuedApproval {
  readonly approvalId: string;
  readonly runId: string;
  readonly callId: string;
  readonly tool: string;
  readonly toolVersion: string;
  readonly args: unknown;
  /** False for a rollback's approval: no `ToolCallRequested` is recorded, it is bound by `argsDigest` alone. */
  readonly argsRecorded: boolean;
  readonly argsDigest: string;
  readonly riskScore: number | null;
  readonly policySetVersion: number | null;
  readonly policies: readonly ApprovalPolicy[];
  readonly reasons: readonly string[];
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly expiresAt: string;
  readonly expired: boolean;
  readonly position: number;
}

export type ApprovalChangeKind = 'pending' | 'requested' | 'granted' | 'denied' | 'expired' | 'withdrawn';

/** One item of the `approvals` subscription. */
export interface ApprovalUpdate {
  readonly kind: ApprovalChangeKind;
  readonly approval: QueuedApproval;
  /** The event that made the change; null for `pending` (already waiting when the subscription started). */
  readonly event: { readonly position: number } | null;
}

/**
 * The reviewer's queue as the view holds it. `seq` counts the updates applied; each entry remembers the `seq` it
 * arrived at, and `gone` the ids that left the queue (decided, expired, withdrawn: an approval never comes back),
 * so that a snapshot taken while updates kept arriving can be reconciled without undoing them.
 */
export interface ApprovalQueue {
  readonly seq: number;
  readonly entries: ReadonlyMap<string, { readonly approval: QueuedApproval; readonly since: number }>;
  readonly gone: ReadonlySet<string>;
}

export const EMPTY_QUEUE: ApprovalQueue = { seq: 0, entries: new Map(), gone: new Set() };

/** The queue after one subscription update: `pending`/`requested` add (or refresh) it, the other kinds remove it. */
export function applyUpdate(queue: ApprovalQueue, update: ApprovalUpdate): ApprovalQueue {
  const seq = queue.seq + 1;
  const id = update.approval.approvalId;
  const entries = new Map(queue.entries);
  if (update.kind === 'pending' || update.kind === 'requested') {
    if (queue.gone.has(id)) return { ...queue, seq };
    entries.set(id, { approval: update.approval, since: entries.get(id)?.since ?? seq });
    return { seq, entries, gone: queue.gone };
  }
  entries.delete(id);
  return { seq, entries, gone: new Set(queue.gone).add(id) };
}

/**
 * The queue reconciled with an `approvals` snapshot requested when the queue stood at `askedAt` (its `seq` then):
 * after a reconnection, updates missed while disconnected (a decision, a withdrawal) are not replayed, so an entry
 * the snapshot lacks is dropped, unless it arrived after the snapshot was asked for (the snapshot may predate it).
 * Snapshot entries the queue lacks are added, unless they left the queue meanwhile.
 */
export function reconcile(
  queue: ApprovalQueue,
  snapshot: readonly QueuedApproval[],
  askedAt: number,
): ApprovalQueue {
  const listed = new Map(snapshot.map((approval) => [approval.approvalId, approval]));
  const entries = new Map<string, { readonly approval: QueuedApproval; readonly since: number }>();
  const gone = new Set(queue.gone);
  for (const [id, entry] of queue.entries) {
    const fresh = listed.get(id);
    if (fresh !== undefined) entries.set(id, { approval: fresh, since: entry.since });
    else if (entry.since > askedAt) entries.set(id, entry);
    else gone.add(id);
  }
  for (const [id, approval] of listed) {
    if (!entries.has(id) && !gone.has(id)) entries.set(id, { approval, since: queue.seq });
  }
  return { seq: queue.seq, entries, gone };
}

/** The pending approvals, oldest request first (ledger order). */
export function queued(queue: ApprovalQueue): QueuedApproval[] {
  return [...queue.entries.values()].map((entry) => entry.approval).sort((a, b) => a.position - b.position);
}

/** Time left before an approval's deadline, from `now` (ms): `expired` once it has passed. */
export function countdown(
  expiresAt: string,
  now: number,
): { readonly expired: boolean; readonly text: string } {
  const left = Date.parse(expiresAt) - now;
  if (Number.isNaN(left)) return { expired: false, text: `expires ${expiresAt}` };
  if (left < 0) return { expired: true, text: `expired ${formatDuration(-left)} ago` };
  return { expired: false, text: `expires in ${formatDuration(left)}` };
}
