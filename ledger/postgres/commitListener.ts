import pg from 'pg';

export interface CommitListenerOptions {
  readonly url: string;
  readonly channel: string;
  /** Told the last position of every commit announced on the channel (any node's, this one's included). */
  readonly onCommit: (lastPosition: number) => void;
  /**
   * Told when the listener (re)connects: notifications sent while it was away are lost, so followers must read
   * the log again to catch up.
   */
  readonly onReconnect: () => void;
}

/** Longest wait between reconnection attempts while the server is away. */
const MAX_BACKOFF_MS = 1000;

/**
 * A dedicated connection that LISTENs on the ledger's channel: how a node learns at once of commits made by
 * other nodes. It reconnects by itself (with backoff) when the server restarts or the connection drops, and then
 * says so, since notifications are not queued for absent listeners; followers also poll, so nothing depends on a
 * notification arriving.
 */
export class CommitListener {
  readonly #options: CommitListenerOptions;
  /** The connection in use or being opened; events of older ones are ignored. */
  #client: pg.Client | undefined;
  #connectedBefore = false;
  #closed = false;
  #backoffMs = 50;
  #retry: NodeJS.Timeout | undefined;

  constructor(options: CommitListenerOptions) {
    this.#options = options;
  }

  /** Connects once (failures are retried in the background: a node may start while the server restarts). */
  async start(): Promise<void> {
    await this.#connect();
  }

  async #connect(): Promise<void> {
    if (this.#closed) return;
    const client = new pg.Client({ connectionString: this.#options.url });
    this.#client = client;
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    client.on('notification', (message) => {
      const position = Number(message.payload);
      if (Number.isSafeInteger(position)) this.#options.onCommit(position);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${pg.escapeIdentifier(this.#options.channel)}`);
    } catch {
      this.#lost(client);
      return;
    }
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#backoffMs = 50;
    if (this.#connectedBefore) this.#options.onReconnect();
    this.#connectedBefore = true;
  }

  #lost(client: pg.Client): void {
    if (this.#client !== client) return;
    this.#client = undefined;
    client.removeAllListeners('end');
    client.end().catch(() => undefined);
    if (this.#closed) return;
    const delay = this.#backoffMs;
    this.#backoffMs = Math.min(this.#backoffMs * 2, MAX_BACKOFF_MS);
    this.#retry = setTimeout(() => {
      this.#retry = undefined;
      void this.#connect();
    }, delay);
    this.#retry.unref();
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#retry);
    const client = this.#client;
    this.#client = undefined;
    if (client !== undefined) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
    }
  }
}
