import { join } from 'node:path';
import type { Command } from 'commander';
import { openReadModels, READ_MODEL_FILE_NAME } from '../../../projections/index.js';
import { existingDataDirectory } from '../../dataDirectory.js';
import type { DataDirectory } from '../../dataDirectory.js';
import { lockDataDir } from '../../dataDirLock.js';
import { openLedgerLog } from '../openLedgerLog.js';

export function registerRebuildCommand(program: Command): void {
  program
    .command('rebuild')
    .description('rebuild the read models from the ledger (position 0); the ledger itself is only read')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .action(async (flags: { data?: string }) => {
      const dir = existingDataDirectory(flags.data);
      // The read models belong to the server: rebuilding under one (or starting one mid-rebuild) would race its
      // projections, so this holds the data directory like a server. A server rebuilds stale ones itself on start.
      const unlock = lockDataDir(dir.root, 'mir rebuild');
      try {
        const { events, seconds } = await rebuild(dir);
        process.stdout.write(`rebuilt read models from ${events} events in ${seconds.toFixed(2)} s\n`);
      } finally {
        unlock();
      }
    });
}

async function rebuild(dir: DataDirectory): Promise<{ events: number; seconds: number }> {
  const log = await openLedgerLog(dir, { readOnly: true });
  try {
    const readModels = openReadModels(join(dir.root, READ_MODEL_FILE_NAME), log);
    try {
      const started = performance.now();
      const head = await readModels.runner.rebuild();
      return { events: head === null ? 0 : head + 1, seconds: (performance.now() - started) / 1000 };
    } finally {
      await readModels.close();
    }
  } finally {
    await log.close();
  }
}
