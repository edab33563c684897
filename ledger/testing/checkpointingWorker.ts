// Worker thread for the checkpointer race test: one "process" with its own SQLite connection and checkpointer,
// appending and checkpointing the shared ledger file as fast as it can (see checkpointerRace.test.ts).
import { parentPort, workerData } from 'node:worker_threads';
import { createNodeEd25519Signer } from '../keys/index.js';
import { openLedger } from '../ledgerService.js';
import { createSqliteMerkleNodeStore } from '../sqlite/sqliteMerkleNodeStore.js';
import { openSqliteEventLog } from '../sqlite/sqliteEventLog.js';
import { testEvents } from './testEvents.js';
import { testIds } from './testLedger.js';

export interface CheckpointingWorkerData {
  readonly file: string;
  readonly seed: Uint8Array;
  readonly stream: string;
  readonly rounds: number;
}

export interface CheckpointingWorkerResult {
  readonly errors: string[];
  readonly signedSizes: number[];
}

const { file, seed, stream, rounds } = workerData as CheckpointingWorkerData;
const errors: string[] = [];
const log = openSqliteEventLog(file, { busyTimeoutMs: 10_000 });
const ledger = await openLedger({
  log,
  nodes: createSqliteMerkleNodeStore(log.database),
  signer: createNodeEd25519Signer(seed),
  clock: { now: () => Date.now() },
  ids: testIds,
  checkpointEveryEvents: 7,
  checkpointEveryMs: 2,
  checkpointFolding: 'worker',
  onBackgroundError: (error) => errors.push(String(error)),
});
const signedSizes: number[] = [];
for (let round = 0; round < rounds; round++) {
  await log.append(stream, testEvents(1 + (round % 5)), round === 0 ? 'no_stream' : 'exists');
  if (round % 3 === 0) signedSizes.push((await ledger.checkpointNow())?.checkpoint.treeSize ?? -1);
}
await ledger.close();
const result: CheckpointingWorkerResult = { errors, signedSizes };
parentPort!.postMessage(result);
