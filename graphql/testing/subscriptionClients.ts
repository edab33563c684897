import { createClient as createSseClient } from 'graphql-sse';
import { createClient as createWsClient } from 'graphql-ws';
import WebSocket from 'ws';
import type { ListeningApi } from './httpServer.js';

export interface SubscriptionResult {
  readonly data?: Record<string, unknown> | null;
  readonly errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

/** One transport's way to subscribe; `dispose` closes every connection it opened. */
export interface SubscriptionClient {
  iterate(query: string, variables?: Record<string, unknown>): AsyncIterableIterator<SubscriptionResult>;
  dispose(): Promise<void>;
}

export type Transport = 'sse' | 'ws';

/** Where a server takes subscriptions: an in-process {@link ListeningApi}, or a `mir serve` process's URLs. */
export type SubscriptionEndpoints = Pick<ListeningApi, 'url' | 'wsUrl'>;

/** The `graphql-sse` client (distinct connections, as a browser dashboard would use it) against Yoga's SSE. */
function sseClient(http: SubscriptionEndpoints, authorization: string | null): SubscriptionClient {
  const client = createSseClient({
    url: http.url,
    retryAttempts: 0,
    headers: authorization === null ? {} : { authorization },
  });
  return {
    iterate: (query, variables = {}) =>
      client.iterate({ query, variables }) as AsyncIterableIterator<SubscriptionResult>,
    dispose: () => Promise.resolve(client.dispose()),
  };
}

/** The `graphql-ws` client over `ws`, the key in `connectionParams`. */
function wsClient(http: SubscriptionEndpoints, authorization: string | null): SubscriptionClient {
  const client = createWsClient({
    url: http.wsUrl,
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    lazy: true,
    connectionParams: authorization === null ? {} : { authorization },
  });
  return {
    iterate: (query, variables = {}) =>
      client.iterate({ query, variables }) as AsyncIterableIterator<SubscriptionResult>,
    dispose: async () => client.dispose(),
  };
}

export function subscriptionClient(
  transport: Transport,
  http: SubscriptionEndpoints,
  authorization: string | null,
) {
  return transport === 'sse' ? sseClient(http, authorization) : wsClient(http, authorization);
}

/** The next `count` results, failing after `timeoutMs` (a missing event must fail the test, not hang it). */
export async function nextResults(
  iterator: AsyncIterator<SubscriptionResult>,
  count: number,
  timeoutMs = 5000,
): Promise<SubscriptionResult[]> {
  const results: SubscriptionResult[] = [];
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${results.length} of ${count} results`)),
      timeoutMs,
    );
  });
  try {
    while (results.length < count) {
      const step = await Promise.race([iterator.next(), timeout]);
      if (step.done === true) break;
      results.push(step.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return results;
}
