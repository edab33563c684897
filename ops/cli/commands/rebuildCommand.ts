import { join } from 'node:path';
import type { Command } from 'commander';
import { openReadModels, READ_MODEL_FILE_NAME } from '../../../projections/index.js';
import { lockDataDir } from '../../dataDirLock.js';
import { ledgerTarget, ledgerTargetOptions } from '../ledgerTarget.js';
import type { LedgerTarget, LedgerTargetFlags } from '../ledgerTarget.js';
import { openLedgerLog } from '../openLedgerLog.js';

export function registerRebuildCommand(program: Command): void {
  ledgerTargetOptions(program.command('rebuild'))
    .description('rebuild the read models from the ledger (position 0); the ledger itself is only read')
    .action(async (flags: LedgerTargetFlags) => {
      const target = ledgerTarget(flags);
      const { dir } = target;
      // The read models belong to the server: rebuilding under one (or starting one mid-rebuild) would race its
      // projections, so this holds the data directory like a server. A server rebuilds stale ones itself on start.
      const unlock = lockDataDir(dir.root, 'mir rebuild');
      try {
        const { events, seconds } = await rebuild(target);
        process.stdout.write(`rebuilt read models from ${events} events in ${seconds.toFixed(2)} s\n`);
      } finally {
        unlock();
      }
    });
}

async function rebuild(target: LedgerTarget): Promise<{ events: number; seconds: number }> {
  const { dir } = target;
  const log = await openLedgerLog(target, { readOnly: true });
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
