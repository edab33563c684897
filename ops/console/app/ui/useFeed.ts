import { useEffect, useRef, useState } from 'preact/hooks';
import { follow } from '../api/liveFeed.js';
import type { FeedStatus, FollowOptions } from '../api/liveFeed.js';

export interface FeedState {
  readonly status: FeedStatus;
  readonly detail: string | undefined;
}

/**
 * Follows a subscription while the component is mounted (see `follow`), restarting when `key` changes (e.g. the
 * run id). The latest `options` are used for every item, so handlers may close over current state.
 */
export function useFeed<T>(key: string | null, options: Omit<FollowOptions<T>, 'onStatus'>): FeedState {
  const [state, setState] = useState<FeedState>({ status: 'connecting', detail: undefined });
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    if (key === null) return;
    const feed = follow<T>({
      query: options.query,
      field: options.field,
      after: options.after ?? null,
      onComplete: options.onComplete ?? 'end',
      variables: (after) => latest.current.variables(after),
      positionOf: (item) => latest.current.positionOf(item),
      onItem: (item) => latest.current.onItem(item),
      onStatus: (status, detail) => setState({ status, detail }),
    });
    return () => feed.close();
    // The feed restarts only for a new key; options are read through `latest`.
  }, [key]);
  return state;
}
