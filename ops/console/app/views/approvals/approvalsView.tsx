import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { describeError, gql } from '../../api/graphql.js';
import { can } from '../../api/session.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { FeedBadge } from '../../ui/feedBadge.js';
import { useFeed } from '../../ui/useFeed.js';
import { ApprovalCard, describeDecision } from './approvalCard.js';
import type { DecisionNote } from './approvalCard.js';
import { APPROVALS_QUERY, APPROVALS_SUBSCRIPTION } from './approvalDocuments.js';
import { applyUpdate, EMPTY_QUEUE, queued, reconcile } from './approvalQueue.js';
import type { ApprovalUpdate, QueuedApproval } from './approvalQueue.js';

/**
 * The reviewers' live queue. The `approvals` subscription lists what is pending, then every request, decision,
 * expiry and withdrawal as it commits. A resubscription replays only what is pending then, so each time the feed
 * (re)connects the queue is reconciled with the `approvals` query: nothing decided or withdrawn meanwhile lingers.
 * Auditors and admins see the queue read-only (deciding is `approvalDecide`, reviewers only).
 */
export function ApprovalsView() {
  const queue = useSignal(EMPTY_QUEUE);
  const decisions = useSignal<readonly DecisionNote[]>([]);
  const snapshotError = useSignal<string | null>(null);
  const feed = useFeed<ApprovalUpdate>('approvals', {
    query: APPROVALS_SUBSCRIPTION,
    field: 'approvals',
    variables: () => ({}),
    positionOf: (update) => update.event?.position ?? null,
    onItem: (update) => {
      queue.value = applyUpdate(queue.peek(), update);
    },
  });

  useEffect(() => {
    if (feed.status !== 'live') return;
    const askedAt = queue.peek().seq;
    let current = true;
    gql<{ approvals: QueuedApproval[] }>(APPROVALS_QUERY)
      .then((data) => {
        if (!current) return;
        queue.value = reconcile(queue.peek(), data.approvals, askedAt);
        snapshotError.value = null;
      })
      .catch((error: unknown) => {
        if (current) snapshotError.value = describeError(error);
      });
    return () => {
      current = false;
    };
  }, [feed.status]);

  const items = queued(queue.value);
  const pendingIds = new Set(items.map((item) => item.approvalId));
  const recorded = new Map(decisions.value.map((note) => [note.approval.approvalId, note.decision]));
  const canDecide = can('approvalDecide');
  return (
    <section class="approvals">
      <header class="view-head">
        <h1>Approvals</h1>
        <FeedBadge status={feed.status} detail={feed.detail} />
      </header>
      {snapshotError.value !== null && <ErrorNote message={snapshotError.value} />}
      {items.length === 0 ? (
        <p class="note">No approval is waiting.</p>
      ) : (
        items.map((approval) => (
          <ApprovalCard
            key={approval.approvalId}
            approval={approval}
            canDecide={canDecide}
            recorded={recorded.get(approval.approvalId)}
            onRecorded={(note) => {
              decisions.value = [note, ...decisions.peek()];
            }}
          />
        ))
      )}
      <DecidedHere notes={decisions.value.filter((note) => !pendingIds.has(note.approval.approvalId))} />
    </section>
  );
}

/** Decisions taken in this console whose approval has left the queue: what was recorded stays readable. */
function DecidedHere(props: { readonly notes: readonly DecisionNote[] }) {
  if (props.notes.length === 0) return null;
  return (
    <section aria-label="Decided here" class="panel">
      <h2>Decided here</h2>
      <ul class="plain">
        {props.notes.map((note, index) => (
          <li key={`${note.approval.approvalId}-${index}`}>
            {note.approval.tool}@{note.approval.toolVersion} on run {note.approval.runId}:{' '}
            {describeDecision(note.decision)}
          </li>
        ))}
      </ul>
    </section>
  );
}
