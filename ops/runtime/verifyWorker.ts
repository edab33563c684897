// Worker thread: verifies the ledger's store read-only and posts progress (when asked) and the report back (see
// verifyInWorker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { verifyLedger } from '../../ledger/index.js';
import { openStoreLog } from '../store/ledgerStore.js';
import type { VerifyRequest, VerifyWorkerMessage } from './verifyInWorker.js';

const request = workerData as VerifyRequest;
const post = (message: VerifyWorkerMessage) => parentPort!.postMessage(message);
const log = await openStoreLog(request.store, { readOnly: true });
try {
  const onProgress =
    request.progress === true
      ? (verified: number, total: number) => post({ progress: [verified, total] })
      : undefined;
  post({
    report: await verifyLedger(log, {
      ...request.options,
      ...(onProgress === undefined ? {} : { onProgress }),
    }),
  });
} finally {
  await log.close();
}
