import { useSignal } from '@preact/signals';
import { can } from '../../api/session.js';
import { ErrorNote } from '../../ui/errorNote.js';
import { FeedBadge } from '../../ui/feedBadge.js';
import { ApprovalCard, describeDecision } from './approvalCard.js';
import type { DecisionNote } from './approvalCard.js';
import { queued } from './approvalQueue.js';
import { useApprovalQueue } from './useApprovalQueue.js';

/**
 * The reviewers' live queue (see useApprovalQueue), with what was decided here. Auditors and admins see the queue
 * read-only (deciding is `approvalDecide`, reviewers only).
 */
export function ApprovalsView() {
  const { queue, feed, snapshotError } = useApprovalQueue();
  const decisions = useSignal<readonly DecisionNote[]>([]);
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
      {snapshotError !== null && <ErrorNote message={snapshotError} />}
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
