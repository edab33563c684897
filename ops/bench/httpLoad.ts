import { Agent, request } from 'node:http';
import { summarise } from './benchStats.js';
import type { LatencySummary } from './benchStats.js';

export interface LoadTarget {
  readonly url: string;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Checks each response body (e.g. no GraphQL errors); a failed check counts as an error. */
  readonly check?: (status: number, body: string) => boolean;
}

export interface LoadFigures extends LatencySummary {
  readonly requestsPerSecond: number;
  readonly errors: number;
}

/** Closed-loop HTTP load over keep-alive connections: `connections` requests in flight for `seconds`. */
export async function runLoad(
  target: LoadTarget,
  connections: number,
  seconds: number,
): Promise<LoadFigures> {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const url = new URL(target.url);
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  const once = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', ...target.headers },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () => {
            latencies.push(performance.now() - t0);
            if (
              target.check !== undefined &&
              !target.check(res.statusCode ?? 0, Buffer.concat(chunks).toString())
            )
              errors++;
            resolve();
          });
        },
      );
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(target.body);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline) await once();
    }),
  );
  agent.destroy();
  return {
    requestsPerSecond: latencies.length / ((performance.now() - started) / 1000),
    errors,
    ...summarise(latencies),
  };
}
