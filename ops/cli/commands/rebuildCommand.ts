import { join } from 'node:path';
import type { Command } from 'commander';
import { openSqliteEventLog } from '../../../ledger/index.js';
import { openReadModels, READ_MODEL_FILE_NAME } from '../../../projections/index.js';
import { resolveDataDirectory } from '../../dataDirectory.js';
import { lockDataDir } from '../../dataDirLock.js';

export function registerRebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild the read models from the ledger (position 0); the ledger itself is only read')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .action(async (flags: { data?: string }) => {
      const dir = resolveDataDirectory(flags.data);
      // The read models belong to the server: rebuilding under one (or starting one mid-rebuild) would race its
      // projections. A server rebuilds stale read models itself on start.
      const unlock = lockDataDir(dir.root, 'mir rebuild');
      const log = openSqliteEventLog(dir.ledgerFile, { readOnly: true });
      const readModels = openReadModels(join(dir.root, READ_MODEL_FILE_NAME), log);
      try {
        const started = performance.now();
        const head = await readModels.runner.rebuild();
        const seconds = (performance.now() - started) / 1000;
        const events = head === null ? 0 : head + 1;
        process.stdout.write(`rebuilt read models from ${events} events in ${seconds.toFixed(2)} s\n`);
      } finally {
        await readModels.close();
        await log.close();
        unlock();
      }
    });
}
