import { setTimeout as sleep } from 'node:timers/promises';
import { inspect } from 'node:util';
import { subscriptionClient } from '../../../graphql/testing/subscriptionClients.js';
import type { SubscriptionClient, Transport } from '../../../graphql/testing/subscriptionClients.js';

/** Run events of the subscriber's tenant, from a position: what the scenario's subscribers follow. */
export const RUN_TAIL = `subscription($from: Position) {
  ledgerTail(fromPosition: $from, filter: { streamPrefix: "run-" }) { position id }
}`;

const RECONNECT_PAUSE_MS = 200;

/**
 * A live `ledgerTail` subscriber on one node, from position 0, recording every position it receives in arrival
 * order. When the stream fails or ends while the node is still meant to be up (the node lost PostgreSQL for a
 * while), it resubscribes from the last position seen + 1, as the API tells clients to, so the recording is what
 * an application following the tail would have seen. `abandon()` stops it (its node is about to be killed: what it
 * recorded is no longer checked).
 */
export class TailSubscriber {
  readonly node: string;
  /** Positions received, in arrival order, across reconnects. */
  readonly positions: number[] = [];
  /** Why each connection ended before it was abandoned. */
  readonly interruptions: string[] = [];
  #abandoned = false;
  #client: SubscriptionClient | undefined;
  readonly #running: Promise<void>;

  constructor(node: string, origin: string, token: string, transport: Transport) {
    this.node = node;
    const endpoints = { url: `${origin}/graphql`, wsUrl: `${origin.replace(/^http/, 'ws')}/graphql` };
    this.#running = this.#follow(() => subscriptionClient(transport, endpoints, `Bearer ${token}`));
  }

  get abandoned(): boolean {
    return this.#abandoned;
  }

  /** Resolves once a position ≥ `position` arrived; rejects after `timeoutMs`. */
  async reached(position: number, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.positions.at(-1) ?? -1) < position) {
      if (Date.now() > deadline) {
        throw new Error(
          `subscriber on ${this.node} stopped at ${String(this.positions.at(-1))}, not ${position} ` +
            `(interruptions: ${this.interruptions.join(' | ')})`,
        );
      }
      await sleep(50);
    }
  }

  async abandon(): Promise<void> {
    this.#abandoned = true;
    await this.#client?.dispose();
    await this.#running;
  }

  async #follow(connect: () => SubscriptionClient): Promise<void> {
    while (!this.#abandoned) {
      const client = connect();
      this.#client = client;
      try {
        const from = (this.positions.at(-1) ?? -1) + 1;
        for await (const result of client.iterate(RUN_TAIL, { from })) {
          if (result.errors !== undefined) throw new Error(JSON.stringify(result.errors));
          this.positions.push((result.data!.ledgerTail as { position: number }).position);
        }
        if (!this.#abandoned) this.interruptions.push('stream completed');
      } catch (error) {
        // graphql-ws rejects with a CloseEvent, graphql-sse with an Error: inspect shows either.
        if (!this.#abandoned) this.interruptions.push(inspect(error, { depth: 1 }).slice(0, 300));
      } finally {
        await client.dispose();
      }
      if (!this.#abandoned) await sleep(RECONNECT_PAUSE_MS);
    }
  }
}
