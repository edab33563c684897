import { setTimeout as sleep } from 'node:timers/promises';
import { RECORD_STEP, START_RUN } from '../../../graphql/testing/runOperations.js';
import type { RunPayload } from '../../../graphql/testing/runOperations.js';
import { graphqlOk } from '../../cli/testing/graphqlOverHttp.js';

/** Where a client sends its requests: the node's current origin, undefined while the node is down. */
export interface ClientTarget {
  readonly url: string | undefined;
}

/** One client operation the API acknowledged (a RunCommandPayload came back). */
export interface AcknowledgedOperation {
  readonly client: number;
  readonly idempotencyKey: string;
  readonly runId: string;
  /** The events the operation appended (for a replay: the ones the first attempt appended). */
  readonly eventIds: readonly string[];
  readonly positions: readonly number[];
  readonly replayed: boolean;
  readonly attempts: number;
}

export interface ClientLoadReport {
  readonly acknowledged: readonly AcknowledgedOperation[];
  /** Failed attempts (connection refused or reset, HTTP or GraphQL errors, typed refusals), each retried. */
  readonly failedAttempts: number;
  /** What the latest failed attempts said, for failure messages. */
  readonly failureSample: readonly string[];
}

export interface ClientLoad {
  /** Resolves once at least `count` operations have been acknowledged in total. */
  acknowledgedAtLeast(count: number): Promise<void>;
  acknowledgedCount(): number;
  /** Where the load stands now, for failure messages. */
  status(): string;
  /** Lets every client finish (acknowledge) its current operation, then stops them. */
  stop(): Promise<ClientLoadReport>;
}

export interface ClientLoadOptions {
  readonly clients: number;
  readonly targets: readonly ClientTarget[];
  /** An API key (token) that may write runs. */
  readonly token: string;
  /** Give up (and fail the load) when one operation is still unacknowledged after this long. Default 60 s. */
  readonly operationDeadlineMs?: number;
}

const RETRY_PAUSE_MS = 100;

/**
 * Closed-loop clients, spread over the targets (client i starts on target i mod n), each starting one run and then
 * recording steps on it until stopped. Every operation carries its own idempotency key (`client-<i>-start`,
 * `client-<i>-step-<n>`) and a failed attempt is retried with the same key and arguments on the next target, as a
 * load balancer would: a retry after a lost acknowledgement must return the original events, never append twice.
 */
export function startAppendingClients(options: ClientLoadOptions): ClientLoad {
  const acknowledged: AcknowledgedOperation[] = [];
  const failures: string[] = [];
  let failedAttempts = 0;
  let stopping = false;
  const deadlineMs = options.operationDeadlineMs ?? 60_000;

  const send = async (client: number, query: string, variables: Record<string, unknown>) => {
    const key = variables.key as string;
    const started = Date.now();
    for (let attempt = 1, target = client; ; attempt++, target++) {
      const url = options.targets[target % options.targets.length]!.url;
      try {
        if (url === undefined) throw new Error('node down');
        const data = await graphqlOk(url, options.token, query, variables);
        const payload = Object.values(data)[0] as RunPayload;
        if (payload.__typename === 'RunCommandPayload') {
          const operation = acknowledgedOperation(client, key, payload, attempt);
          acknowledged.push(operation);
          return operation;
        }
        throw new Error(`${payload.__typename}: ${String(payload.code)} ${String(payload.message)}`);
      } catch (error) {
        failedAttempts++;
        failures.push(`${key}@${url ?? 'down'}: ${String(error)}`.slice(0, 300));
        if (failures.length > 20) failures.shift();
        if (Date.now() - started > deadlineMs) {
          throw new Error(`${key} still unacknowledged after ${attempt} attempts: ${String(error)}`, {
            cause: error,
          });
        }
        await sleep(RETRY_PAUSE_MS);
      }
    }
  };

  const runClient = async (client: number) => {
    const start = await send(client, START_RUN, {
      goal: `cluster load ${client}`,
      agent: 'cluster-client',
      key: `client-${client}-start`,
    });
    for (let step = 1; !stopping; step++) {
      await send(client, RECORD_STEP, {
        runId: start.runId,
        kind: 'note',
        summary: `step ${step} of client ${client}`,
        payload: { client, step },
        key: `client-${client}-step-${step}`,
      });
    }
  };

  const running = Promise.all(Array.from({ length: options.clients }, (_, client) => runClient(client)));
  running.catch(() => undefined);
  return {
    acknowledgedCount: () => acknowledged.length,
    status: () =>
      `${acknowledged.length} acknowledged, ${failedAttempts} failed attempts, latest failures: ` +
      failures.slice(-5).join(' | '),
    acknowledgedAtLeast: async (count) => {
      while (acknowledged.length < count) {
        await Promise.race([running, sleep(50)]);
      }
    },
    stop: async () => {
      stopping = true;
      await running;
      return { acknowledged, failedAttempts, failureSample: failures };
    },
  };
}

function acknowledgedOperation(
  client: number,
  idempotencyKey: string,
  payload: RunPayload,
  attempts: number,
): AcknowledgedOperation {
  const events = payload.events ?? [];
  return {
    client,
    idempotencyKey,
    runId: payload.run!.id,
    eventIds: events.map((event) => event.id),
    positions: events.map((event) => event.position),
    replayed: payload.replayed === true,
    attempts,
  };
}
