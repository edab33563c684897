import type { Logger } from 'pino';
import type { Counter, Gauge } from 'prom-client';
import { isMirError } from '../../domain/index.js';
import { verifyCosignature } from '../../ledger/index.js';
import type { Ledger, SignedCheckpoint, WitnessEvidenceRecorder } from '../../ledger/index.js';
import type { WitnessEndpoint } from './witnessEndpoints.js';
import { postAddCheckpoint } from './witnessTransport.js';
import type { WitnessResponse } from './witnessTransport.js';

export interface WitnessMetrics {
  /** Submissions by witness name and outcome: `cosigned`, `refused`, `unreachable`. */
  readonly submissions: Counter<'witness' | 'outcome'>;
  /** Tree size of the latest checkpoint each witness cosigned (in this process). */
  readonly cosignedTreeSize: Gauge<'witness'>;
}

export interface WitnessClientOptions {
  readonly ledger: Pick<Ledger, 'latestCheckpoint' | 'consistencyProof'>;
  readonly evidence: WitnessEvidenceRecorder;
  readonly logger: Logger;
  readonly metrics: WitnessMetrics;
  /** First wait after an unreachable witness; doubles per failure up to `maxBackoffMs`. Default 1 s. */
  readonly initialBackoffMs?: number;
  /** Default 60 s. */
  readonly maxBackoffMs?: number;
  /** Per request. Default 10 s. */
  readonly requestTimeoutMs?: number;
}

type Attempt =
  | { readonly kind: 'cosigned'; readonly line: string; readonly timestamp: number }
  | {
      readonly kind: 'refused';
      readonly status: number;
      readonly reason: string;
    }
  | { readonly kind: 'unreachable'; readonly reason: string };

/**
 * Submits the ledger's newest checkpoint to one witness (C2SP tlog-witness) and records the answer as evidence.
 * It starts from `old 0` and learns the witness's size from its 409 answers, sending the consistency proof from
 * there. A cosignature is verified with the configured key before `CheckpointCosigned` is recorded. A refusal
 * (409 after that retry, 422, 403, 404, ...) is recorded as `CheckpointWitnessRefused` only when the witness goes
 * from accepting to refusing or its reason changes; an unreachable witness (network error, timeout, 5xx) is
 * logged, counted and retried with exponential backoff, never recorded. It runs beside the checkpointer and never
 * holds up checkpoints or appends: `poke()` returns at once.
 */
export class WitnessClient {
  readonly endpoint: WitnessEndpoint;
  readonly #options: WitnessClientOptions;
  #witnessSize = 0;
  #answered: SignedCheckpoint | null = null;
  #refusal: string | null = null;
  #failures = 0;
  #retryAt = 0;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<void> | null = null;
  #again = false;
  #closed = false;

  constructor(endpoint: WitnessEndpoint, options: WitnessClientOptions) {
    this.endpoint = endpoint;
    this.#options = options;
  }

  /** A newer checkpoint may exist: submit it now, or when the current submission or backoff ends. */
  poke(): void {
    if (this.#closed) return;
    if (this.#running !== null) return void (this.#again = true);
    const wait = this.#retryAt - Date.now();
    if (wait > 0) {
      this.#timer ??= setTimeout(() => ((this.#timer = undefined), this.poke()), wait);
      return;
    }
    this.#running = this.#runWhilePoked().finally(() => (this.#running = null));
  }

  /** Stops submitting; waits for a submission (and its record) in flight. */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    await this.#running;
  }

  async #runWhilePoked(): Promise<void> {
    do {
      this.#again = false;
      try {
        await this.#submitLatest();
      } catch (error) {
        this.#options.logger.error({ err: error, witness: this.endpoint.url }, 'witness submission failed');
      }
    } while (this.#again && !this.#closed && this.#retryAt <= Date.now());
  }

  async #submitLatest(): Promise<void> {
    const latest = this.#options.ledger.latestCheckpoint();
    if (latest === null || latest === this.#answered) return;
    const attempt = await this.#attempt(latest);
    this.#options.metrics.submissions.inc({ witness: this.endpoint.key.name, outcome: attempt.kind });
    if (attempt.kind === 'unreachable') return this.#backOff(attempt.reason);
    this.#failures = 0;
    this.#retryAt = 0;
    if (attempt.kind === 'cosigned') await this.#cosigned(latest, attempt.line, attempt.timestamp);
    else await this.#refused(latest, attempt.status, attempt.reason);
    // Only once recorded: a record that failed (storage) is tried again with the next poke.
    this.#answered = latest;
  }

  async #cosigned(latest: SignedCheckpoint, cosignature: string, timestamp: number): Promise<void> {
    const { treeSize } = latest.checkpoint;
    this.#witnessSize = treeSize; // the witness's state moved, whatever happens to the record
    this.#options.metrics.cosignedTreeSize.set({ witness: this.endpoint.key.name }, treeSize);
    const rootHash = latest.checkpoint.rootHash.toString('hex');
    const witness = this.endpoint.verifierKey;
    await this.#options.evidence.recordCosigned({ treeSize, rootHash, witness, cosignature, timestamp });
    this.#refusal = null;
  }

  /** Recorded when the witness was accepting before or gave another reason; logged (debug) otherwise. */
  async #refused(latest: SignedCheckpoint, status: number, reason: string): Promise<void> {
    const { treeSize } = latest.checkpoint;
    const refusal = `${status} ${reason}`;
    const fields = { witness: this.endpoint.url, treeSize, status, reason };
    if (refusal === this.#refusal) return void this.#options.logger.debug(fields, 'witness still refuses');
    this.#options.logger.warn(fields, 'witness refused checkpoint');
    await this.#options.evidence.recordRefused({
      witness: this.endpoint.verifierKey,
      url: this.endpoint.url,
      treeSize,
      rootHash: latest.checkpoint.rootHash.toString('hex'),
      status,
      reason,
      witnessSize: this.#witnessSize,
    });
    this.#refusal = refusal;
  }

  #backOff(reason: string): void {
    const { initialBackoffMs = 1000, maxBackoffMs = 60_000, logger } = this.#options;
    this.#failures++;
    const wait = Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.min(this.#failures - 1, 30));
    this.#retryAt = Date.now() + wait;
    logger.warn(
      { witness: this.endpoint.url, reason, failures: this.#failures, retryInMs: wait },
      'witness unreachable',
    );
    this.#timer ??= setTimeout(() => ((this.#timer = undefined), this.poke()), wait);
  }

  /** One submission, retried once with the size a 409 names. */
  async #attempt(latest: SignedCheckpoint): Promise<Attempt> {
    for (let retried = false; ; retried = true) {
      if (this.#witnessSize > latest.checkpoint.treeSize)
        return refused(409, 'the witness cosigned a larger tree of this log');
      let response: WitnessResponse;
      try {
        const body = await this.#requestBody(latest);
        response = await postAddCheckpoint(this.endpoint.url, body, this.#options.requestTimeoutMs ?? 10_000);
      } catch (error) {
        return { kind: 'unreachable', reason: (error as Error).message };
      }
      if (response.status === 200) return this.#cosignatureIn(latest, response.body);
      if (response.status >= 500) return { kind: 'unreachable', reason: `HTTP ${response.status}` };
      const size = response.status === 409 ? conflictSize(response) : undefined;
      if (size === undefined || size === this.#witnessSize)
        return refused(response.status, response.body.trim().slice(0, 200) || `HTTP ${response.status}`);
      this.#witnessSize = size;
      if (retried) return refused(409, 'the witness named another cosigned size again after a retry');
    }
  }

  /** `old <size>`, the consistency proof from that size (none from 0), an empty line, the checkpoint note. */
  async #requestBody(latest: SignedCheckpoint): Promise<string> {
    const old = this.#witnessSize;
    const proof =
      old === 0 ? [] : await this.#options.ledger.consistencyProof(old, latest.checkpoint.treeSize);
    return `old ${old}\n${proof.map((node) => `${node.toString('base64')}\n`).join('')}\n${latest.note}`;
  }

  /** The first line of the 200 answer that verifies with the configured key; a refusal when none does. */
  #cosignatureIn(latest: SignedCheckpoint, body: string): Attempt {
    for (const line of body.split('\n').filter((text) => text !== '')) {
      try {
        const verdict = verifyCosignature(latest.note, line, this.endpoint.key);
        if (verdict.status === 'verified') return { kind: 'cosigned', line, timestamp: verdict.timestamp };
      } catch (error) {
        if (!isMirError(error)) throw error; // a malformed line is no cosignature
      }
    }
    return {
      kind: 'refused',
      status: 200,
      reason: 'no cosignature in the answer verifies with the configured witness key',
    };
  }
}

function refused(status: number, reason: string): Attempt {
  return { kind: 'refused', status, reason };
}

/** The size a 409 answer names (`text/x.tlog.size`: decimal and a newline), undefined for another 409. */
function conflictSize(response: WitnessResponse): number | undefined {
  if (
    !response.contentType.startsWith('text/x.tlog.size') ||
    !/^(?:0|[1-9][0-9]{0,15})\n$/.test(response.body)
  )
    return undefined;
  const size = Number(response.body.trim());
  return Number.isSafeInteger(size) ? size : undefined;
}
