import { createClient } from 'graphql-sse';
import { ApiError, describeError } from './graphql.js';
import { authorization } from './session.js';

/** Where a feed stands: shown beside every live view, so a person knows whether what they see is current. */
export type FeedStatus = 'connecting' | 'live' | 'reconnecting' | 'ended';

export interface FollowOptions<T> {
  /** A subscription document with one root field. */
  readonly query: string;
  /** The root field the subscription answers. */
  readonly field: string;
  /**
   * Variables of each (re)subscription, given the position of the last item delivered (`after`, null before the
   * first): a feed resumes with `fromPosition: after + 1`, so a reconnection neither loses nor repeats an event.
   */
  readonly variables: (after: number | null) => Readonly<Record<string, unknown>>;
  /** The ledger position an item stands for; null for an item without one (delivered, never used to resume). */
  readonly positionOf: (item: T) => number | null;
  readonly onItem: (item: T) => void;
  readonly onStatus?: (status: FeedStatus, detail?: string) => void;
  /** Resume after this position (items at or before it are not delivered). */
  readonly after?: number | null;
  /**
   * When the server completes the subscription: stop (`end`, the default) or subscribe again after a pause
   * (`resubscribe`, for a feed that completes when its subject ends but may continue later, like a rolled-back run).
   */
  readonly onComplete?: 'end' | 'resubscribe';
}

export interface LiveFeed {
  close(): void;
}

/** Errors that another try cannot cure: the feed ends and says why. */
const FINAL_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
]);
const MAX_BACKOFF_MS = 5_000;
const RESUBSCRIBE_AFTER_COMPLETE_MS = 2_000;

/**
 * Follows a subscription over graphql-sse with the signed-in key, reconnecting after a broken connection (backing
 * off up to 5 s) from the last position delivered. Items at or before that position are dropped, so every item is
 * delivered once, in order, however often the connection breaks.
 */
export function follow<T>(options: FollowOptions<T>): LiveFeed {
  const client = createClient({ url: '/graphql', headers: authorization, retryAttempts: 0 });
  let closed = false;
  let after = options.after ?? null;
  let current: AsyncIterableIterator<unknown> | null = null;
  const status = (value: FeedStatus, detail?: string) => {
    if (!closed) options.onStatus?.(value, detail);
  };

  const deliver = (item: T) => {
    const position = options.positionOf(item);
    if (position !== null && after !== null && position <= after) return;
    if (position !== null) after = position;
    options.onItem(item);
  };

  const once = async (reconnecting: boolean): Promise<'completed'> => {
    status(reconnecting ? 'reconnecting' : 'connecting');
    const results = client.iterate<Record<string, T | null>>(
      { query: options.query, variables: { ...options.variables(after) } },
      { connected: () => status('live') },
    );
    current = results;
    for await (const result of results) {
      const error = result.errors?.[0];
      if (error !== undefined) {
        const code = (error.extensions as { code?: string } | undefined)?.code ?? 'UNKNOWN';
        throw new ApiError(code, error.message);
      }
      const item = result.data?.[options.field];
      if (item !== undefined && item !== null) deliver(item);
    }
    return 'completed';
  };

  const run = async () => {
    let failures = 0;
    while (!closed) {
      try {
        await once(failures > 0);
        if (closed) return;
        if (options.onComplete !== 'resubscribe') return status('ended');
        failures = 0;
        await sleep(RESUBSCRIBE_AFTER_COMPLETE_MS);
      } catch (error) {
        if (closed) return;
        if (error instanceof ApiError && FINAL_CODES.has(error.code))
          return status('ended', describeError(error));
        failures += 1;
        status('reconnecting', describeError(error));
        await sleep(Math.min(MAX_BACKOFF_MS, 250 * 2 ** failures));
      }
    }
  };
  void run();

  return {
    close() {
      closed = true;
      void current?.return?.();
      client.dispose();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
