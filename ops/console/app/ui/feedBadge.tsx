import type { FeedStatus } from '../api/liveFeed.js';

const LABELS: Readonly<Record<FeedStatus, string>> = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  ended: 'ended',
};

/** Whether a live view is current: beside every view fed by a subscription. */
export function FeedBadge(props: { readonly status: FeedStatus; readonly detail?: string | undefined }) {
  return (
    <span class={`feed feed-${props.status}`} role="status" title={props.detail}>
      {LABELS[props.status]}
    </span>
  );
}
