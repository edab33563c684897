import { Worker } from 'node:worker_threads';
import type { NewEvent, RecordedEvent } from '../../domain/index.js';
import { openLedgerDatabase } from '../../ledger/sqlite/openLedgerDatabase.js';
import { RawGroupInserter } from './rawBaseline.js';

/**
 * The two costs no runtime on this machine can avoid for one durable, worker-run inference, measured the same
 * way as MIR in the same run: a bare worker-thread round trip carrying the same request and busy for as long as
 * the model runs (a thread that waited that long wakes up slower), and a durable commit
 * (better-sqlite3, WAL, synchronous=FULL, no validation or hashing) of the same two events.
 */
export class InferenceFloors {
  readonly #worker: Worker;
  readonly #raw: RawGroupInserter;
  #sequence = 0;

  constructor(rawDatabaseFile: string) {
    this.#worker = new Worker(
      // Busy for as long as the model runs (as a worker inside ONNX Runtime is), then answers with the message.
      `const { parentPort } = require('node:worker_threads');
       parentPort.on('message', (m) => {
         const until = performance.now() + m.busyMs;
         while (performance.now() < until);
         parentPort.postMessage(m.payload);
       });`,
      { eval: true },
    );
    this.#raw = new RawGroupInserter(openLedgerDatabase(rawDatabaseFile, {}));
  }

  /** Round trips of `payload` to a worker that stays busy `busyMs` (the model's run time), minus `busyMs`. */
  async workerRoundTrips(payload: unknown, busyMs: number, count: number): Promise<number[]> {
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await new Promise((resolve) => {
        this.#worker.once('message', resolve);
        this.#worker.postMessage({ payload, busyMs });
      });
      latencies.push(performance.now() - t0 - busyMs);
    }
    return latencies;
  }

  /** Commits copies of `events` (fresh ids), one commit per call, sequentially. */
  async durableCommits(events: readonly RecordedEvent[], count: number): Promise<number[]> {
    const latencies: number[] = [];
    for (let i = 0; i < count; i++) {
      const copies: NewEvent[] = events.map(({ type, schemaVersion, data, meta }) => ({
        id: `floor-${this.#sequence++}`,
        type,
        schemaVersion,
        data,
        meta,
      }));
      const t0 = performance.now();
      await this.#raw.append('run-floor', copies);
      latencies.push(performance.now() - t0);
    }
    return latencies;
  }

  close(): Promise<number> {
    return this.#worker.terminate();
  }
}
