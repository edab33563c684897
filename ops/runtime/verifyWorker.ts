// Worker thread: verifies the ledger file read-only and posts the report back (see verifyInWorker.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { openSqliteEventLog, verifyLedger } from '../../ledger/index.js';
import type { VerifyRequest } from './verifyInWorker.js';

const request = workerData as VerifyRequest;
const log = openSqliteEventLog(request.ledgerFile, { readOnly: true });
try {
  parentPort!.postMessage(await verifyLedger(log, request.options));
} finally {
  await log.close();
}
