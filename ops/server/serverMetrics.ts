import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the metrics read at scrape time. */
export interface MetricSources {
  /** Appends and events committed so far by this process's event log. */
  commitStats(): { readonly appends: number; readonly events: number; readonly batches: number };
  headPosition(): Promise<number | null>;
  /** Events the projections still have to apply. */
  projectionLag(): Promise<number>;
  /** The ledger's store as an operator may see it: `sqlite` or `postgres`, and its redacted location. */
  readonly store: { readonly kind: string; readonly location: string };
  /** Whether this node signs the checkpoints now (always on SQLite; the lease holder's on PostgreSQL). */
  signsCheckpoints(): boolean;
}

export interface ServerMetrics {
  readonly registry: Registry;
  readonly requestDuration: Histogram<'route' | 'status'>;
  /**
   * GraphQL requests that came without a usable key, by reason (`missing`, `malformed`, `rejected`: unknown,
   * revoked or wrong). Counted, never recorded in the ledger: an anonymous flood must not grow the evidence.
   */
  readonly unauthenticated: Counter<'reason'>;
  /** Completions and embeddings answered, by kind and outcome (`countedCompletions`). */
  readonly completions: Counter<'kind' | 'outcome'>;
}

/** One Registry per server (never the global one), so tests and several servers in a process don't collide. */
export function createServerMetrics(sources: MetricSources): ServerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'mir_process_' });
  const total = (name: string, help: string, read: () => number) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(read());
      },
    });
  total('mir_ledger_appends_total', 'Appends committed by this process', () => sources.commitStats().appends);
  total('mir_ledger_events_total', 'Events committed by this process', () => sources.commitStats().events);
  total(
    'mir_ledger_commit_batches_total',
    'Group-commit transactions (fsyncs) by this process',
    () => sources.commitStats().batches,
  );
  new Gauge({
    name: 'mir_ledger_head_position',
    help: 'Global position of the last committed event (-1 when empty)',
    registers: [registry],
    async collect() {
      this.set((await sources.headPosition()) ?? -1);
    },
  });
  new Gauge({
    name: 'mir_projection_lag_events',
    help: 'Events committed to the ledger but not yet applied to the read models',
    registers: [registry],
    async collect() {
      this.set(await sources.projectionLag());
    },
  });
  new Gauge({
    name: 'mir_ledger_store_info',
    help: 'The store the ledger lives in (value 1; the location with any password redacted)',
    labelNames: ['kind', 'location'] as const,
    registers: [registry],
  }).set({ kind: sources.store.kind, location: sources.store.location }, 1);
  new Gauge({
    name: 'mir_checkpoint_signer',
    help: '1 while this node signs the checkpoints (holds the checkpoint lease on a shared store), else 0',
    registers: [registry],
    collect() {
      this.set(sources.signsCheckpoints() ? 1 : 0);
    },
  });
  const requestDuration = new Histogram({
    name: 'mir_http_request_duration_seconds',
    help: 'HTTP request latency by route and status',
    labelNames: ['route', 'status'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const unauthenticated = new Counter({
    name: 'mir_unauthenticated_requests_total',
    help: 'GraphQL requests without a usable API key, by reason (missing, malformed, rejected)',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const completions = new Counter({
    name: 'mir_completions_total',
    help: 'Completions and embeddings requests answered, by kind (chat, embeddings) and outcome',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  return { registry, requestDuration, unauthenticated, completions };
}
