import { spawnModuleWorker } from '../../ledger/index.js';
import type { VerificationReport, VerifyLedgerOptions } from '../../ledger/index.js';
import type { StoreLocation } from '../store/storeLocation.js';

export interface VerifyRequest {
  /** The store the server runs on, opened read-only by the worker. */
  readonly store: StoreLocation;
  readonly options: Omit<VerifyLedgerOptions, 'onProgress' | 'signal'>;
  /** Whether the worker posts progress messages (`{ progress: [verified, total] }`) before the report. */
  readonly progress?: boolean;
}

/** What the worker posts: progress (when asked for), then the report. */
export type VerifyWorkerMessage =
  { readonly progress: readonly [verified: number, total: number] } | { readonly report: VerificationReport };

/**
 * Runs `verifyLedger` on a worker thread over its own read-only connection to the store, so that verifying a large ledger from
 * the API never blocks appends and requests on the main thread. `onProgress` hears the worker's progress; once
 * `signal` aborts, the worker is terminated (the work stops) and the promise rejects with the signal's reason.
 */
export function verifyInWorker(
  request: VerifyRequest,
  watch: Pick<VerifyLedgerOptions, 'onProgress' | 'signal'> = {},
): Promise<VerificationReport> {
  return new Promise((resolve, reject) => {
    watch.signal?.throwIfAborted();
    const { onProgress, signal } = watch;
    const worker = spawnModuleWorker(import.meta.url, 'verifyWorker', {
      ...request,
      progress: onProgress !== undefined,
    });
    const stop = () => {
      const reason: unknown = signal?.reason;
      reject(reason instanceof Error ? reason : new Error('verification aborted'));
      void worker.terminate();
    };
    signal?.addEventListener('abort', stop, { once: true });
    worker.on('message', (message: VerifyWorkerMessage) => {
      if ('progress' in message) onProgress?.(...message.progress);
      else resolve(message.report);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      signal?.removeEventListener('abort', stop);
      if (code !== 0) reject(new Error(`verification worker exited with code ${code}`));
    });
  });
}
