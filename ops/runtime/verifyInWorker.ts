import { spawnModuleWorker } from '../../ledger/index.js';
import type { VerificationReport, VerifyLedgerOptions } from '../../ledger/index.js';

export interface VerifyRequest {
  readonly ledgerFile: string;
  readonly options: Omit<VerifyLedgerOptions, 'onProgress'>;
}

/**
 * Runs `verifyLedger` on a worker thread over its own read-only connection, so that verifying a large ledger from
 * the API never blocks appends and requests on the main thread.
 */
export function verifyInWorker(request: VerifyRequest): Promise<VerificationReport> {
  return new Promise((resolve, reject) => {
    const worker = spawnModuleWorker(import.meta.url, 'verifyWorker', request);
    worker.once('message', (report: VerificationReport) => resolve(report));
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`verification worker exited with code ${code}`));
    });
  });
}
