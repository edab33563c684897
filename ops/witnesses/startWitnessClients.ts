import type { Logger } from 'pino';
import { Counter, Gauge } from 'prom-client';
import type { Registry } from 'prom-client';
import type { Clock, EventLog, IdGenerator } from '../../domain/index.js';
import { WitnessEvidenceRecorder } from '../../ledger/index.js';
import type { Ledger } from '../../ledger/index.js';
import { WitnessClient } from './witnessClient.js';
import type { WitnessClientOptions, WitnessMetrics } from './witnessClient.js';
import type { WitnessEndpoint } from './witnessEndpoints.js';

export interface WitnessClientsOptions {
  readonly ledger: Ledger;
  readonly log: EventLog;
  readonly endpoints: readonly WitnessEndpoint[];
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly logger: Logger;
  readonly registry: Registry;
  /** How often the clients look for a newer checkpoint. Default 250 ms. */
  readonly pollMs?: number;
  readonly backoff?: Pick<WitnessClientOptions, 'initialBackoffMs' | 'maxBackoffMs'>;
  /**
   * Whether this node signs the checkpoints now (default: always). On a shared ledger only the node holding the
   * checkpoint lease submits: each witness then hears one submitter, and the evidence records each cosignature
   * once, instead of every node racing the others with the same checkpoints (and recording the 409s it gets).
   */
  readonly signsCheckpoints?: () => boolean;
}

/** The running clients of every configured witness. */
export interface WitnessClients {
  readonly clients: readonly WitnessClient[];
  /** Stops them; waits for submissions and records in flight. */
  close(): Promise<void>;
}

/**
 * One WitnessClient per configured witness, all recording through one WitnessEvidenceRecorder, each looking for
 * the ledger's newest checkpoint every `pollMs`. Registers `mir_witness_submissions_total{witness,outcome}` and
 * `mir_witness_cosigned_tree_size{witness}` on `registry`. With no witness configured it starts nothing.
 */
export function startWitnessClients(options: WitnessClientsOptions): WitnessClients {
  if (options.endpoints.length === 0) return { clients: [], close: async () => {} };
  const evidence = new WitnessEvidenceRecorder(options.log, options.clock, options.ids);
  const metrics = witnessMetrics(options.registry);
  const clients = options.endpoints.map(
    (endpoint) =>
      new WitnessClient(endpoint, {
        ledger: options.ledger,
        evidence,
        logger: options.logger,
        metrics,
        ...options.backoff,
      }),
  );
  const signs = options.signsCheckpoints ?? (() => true);
  const pokeAll = () => {
    if (signs()) clients.forEach((client) => client.poke());
  };
  const timer = setInterval(pokeAll, options.pollMs ?? 250);
  timer.unref();
  pokeAll();
  return {
    clients,
    close: async () => {
      clearInterval(timer);
      await Promise.all(clients.map((client) => client.close()));
    },
  };
}

function witnessMetrics(registry: Registry): WitnessMetrics {
  return {
    submissions: new Counter({
      name: 'mir_witness_submissions_total',
      help: 'Checkpoint submissions to witnesses, by witness name and outcome (cosigned, refused, unreachable)',
      labelNames: ['witness', 'outcome'] as const,
      registers: [registry],
    }),
    cosignedTreeSize: new Gauge({
      name: 'mir_witness_cosigned_tree_size',
      help: 'Tree size of the latest checkpoint each witness cosigned (since this process started)',
      labelNames: ['witness'] as const,
      registers: [registry],
    }),
  };
}
