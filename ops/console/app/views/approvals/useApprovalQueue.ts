import { useSignal } from '@preact/signals';
import type { ReadonlySignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { describeError, gql } from '../../api/graphql.js';
import { useFeed } from '../../ui/useFeed.js';
import type { FeedState } from '../../ui/useFeed.js';
import { APPROVALS_QUERY, APPROVALS_SUBSCRIPTION } from './approvalDocuments.js';
import { applyUpdate, EMPTY_QUEUE, reconcile } from './approvalQueue.js';
import type { ApprovalQueue, ApprovalUpdate, QueuedApproval } from './approvalQueue.js';

export interface ApprovalQueueState {
  readonly queue: ReadonlySignal<ApprovalQueue>;
  readonly feed: FeedState;
  /** Why the last reconciliation failed, null when it did not. */
  readonly snapshotError: string | null;
}

/**
 * The tenant's approval queue, live: the `approvals` subscription lists what is pending, then every request,
 * decision, expiry and withdrawal as it commits. A resubscription replays only what is pending then, so each time
 * the feed (re)connects the queue is reconciled with the `approvals` query: nothing decided or withdrawn while it
 * was away lingers.
 */
export function useApprovalQueue(): ApprovalQueueState {
  const queue = useSignal(EMPTY_QUEUE);
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
  return { queue, feed, snapshotError: snapshotError.value };
}
