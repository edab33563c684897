import { request } from 'node:http';
import type { ClientRequest } from 'node:http';

export interface SseSubscriber {
  /** performance.now() at which each delivered event (by position) arrived. */
  readonly received: Map<number, number>;
  readonly ready: Promise<void>;
  close(): void;
}

/**
 * Opens a GraphQL subscription over SSE (Yoga's "distinct connections" mode: POST with Accept text/event-stream)
 * and records when each event arrives. `positionOf` extracts the event position from one `next` payload.
 */
export function subscribeSse(
  url: string,
  token: string,
  query: string,
  positionOf: (payload: unknown) => number,
): SseSubscriber {
  const received = new Map<number, number>();
  let req: ClientRequest | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const target = new URL(url);
    req = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'text/event-stream',
          authorization: `Bearer ${token}`,
        },
      },
      (res) => {
        if (res.statusCode !== 200) return reject(new Error(`SSE subscription answered ${res.statusCode}`));
        resolve();
        let buffered = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          const now = performance.now();
          buffered += chunk;
          let end: number;
          while ((end = buffered.indexOf('\n\n')) >= 0) {
            const message = buffered.slice(0, end);
            buffered = buffered.slice(end + 2);
            const data = message.split('\n').find((line) => line.startsWith('data: '));
            if (data !== undefined && message.startsWith('event: next'))
              received.set(positionOf(JSON.parse(data.slice(6))), now);
          }
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ query }));
  });
  return { received, ready, close: () => req?.destroy() };
}
