import { Histogram } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Plugin } from 'graphql-yoga';

const METRIC = 'mir_graphql_request_duration_seconds';

/**
 * Records each HTTP request's time to response headers (for SSE: until the stream opens) by method and status.
 * Reuses the histogram when the registry already has it (one registry may outlive an API instance).
 */
export function useRequestMetrics(registry: Registry): Plugin {
  const existing = registry.getSingleMetric(METRIC);
  const histogram =
    existing instanceof Histogram
      ? (existing as Histogram<'method' | 'status'>)
      : new Histogram({
          name: METRIC,
          help: 'GraphQL HTTP request latency until response headers, by method and status',
          labelNames: ['method', 'status'] as const,
          buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
          registers: [registry],
        });
  const started = new WeakMap<Request, number>();
  return {
    onRequest({ request }) {
      started.set(request, performance.now());
    },
    onResponse({ request, response }) {
      const start = started.get(request);
      if (start === undefined) return;
      histogram.observe(
        { method: request.method, status: String(response.status) },
        (performance.now() - start) / 1000,
      );
    },
  };
}
