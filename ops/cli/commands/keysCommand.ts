import type { Command } from 'commander';
import { formatVerifierKey, openSqliteEventLog, readSigningPublicKey } from '../../../ledger/index.js';
import { resolveDataDirectory } from '../../dataDirectory.js';

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('signing and access keys');
  keys
    .command('public')
    .description('print the checkpoint verifier key an auditor pins (never the private key)')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .action(async (flags: { data?: string }) => {
      const dir = resolveDataDirectory(flags.data);
      const log = openSqliteEventLog(dir.ledgerFile, { readOnly: true });
      try {
        const [genesis] = await log.readStream('ledger', { maxCount: 1 });
        const origin = (genesis?.data as { origin?: string } | undefined)?.origin;
        if (origin === undefined)
          throw new Error('the ledger has no genesis event yet: start it once (mir serve)');
        process.stdout.write(`${formatVerifierKey(origin, readSigningPublicKey(dir.keysDir))}\n`);
      } finally {
        await log.close();
      }
    });
}
