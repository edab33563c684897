// Child process of projectionCrash.test.ts: follows a ledger into a read-model file in small batches (catch-up or
// rebuild) until the parent kills it with SIGKILL. Usage: tsx followUntilKilled.ts LEDGER_FILE MODELS_FILE MODE
import { openSqliteEventLog } from '../../ledger/index.js';
import { openReadModels } from '../readModels.js';

const [ledgerFile, modelsFile, mode] = process.argv.slice(2);
if (ledgerFile === undefined || modelsFile === undefined)
  throw new Error('usage: LEDGER_FILE MODELS_FILE MODE');
const log = openSqliteEventLog(ledgerFile, { readOnly: true });
const models = openReadModels(modelsFile, log, { batchSize: 20, rebuildBatchSize: 20 });
process.stdout.write('ready\n');
if (mode === 'rebuild') await models.runner.rebuild();
else await models.runner.catchUp();
process.stdout.write('done\n');
await models.close();
await log.close();
