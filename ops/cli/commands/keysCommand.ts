import type { Command } from 'commander';
import { isRole } from '../../../domain/index.js';
import type { Role } from '../../../domain/index.js';
import {
  formatVerifierKey,
  openSqliteEventLog,
  readOrigin,
  readSigningPublicKey,
} from '../../../ledger/index.js';
import { ApiKeyService } from '../../access/apiKeyService.js';
import { resolveDataDirectory } from '../../dataDirectory.js';
import { systemClock } from '../../system/systemClock.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';

const CLI_ACTOR = { kind: 'user', id: 'mir-cli' } as const;

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('API keys and the checkpoint signing key');
  keys
    .command('create')
    .description('issue an API key; the token is printed once and stored only as a hash')
    .requiredOption('--role <role>', 'auditor | app | reviewer | admin')
    .requiredOption('--tenant <tenant>', 'the one tenant the key may see')
    .option('--label <label>', 'what the key is for', '')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .option('--json', 'machine-readable output')
    .action(async (flags: { role: string; tenant: string; label: string; data?: string; json?: boolean }) => {
      if (!isRole(flags.role))
        throw new Error(`--role must be auditor, app, reviewer or admin, got ${flags.role}`);
      const role: Role = flags.role;
      const issued = await withKeys(flags.data, (service) =>
        service.issue({ role, tenant: flags.tenant, label: flags.label }, CLI_ACTOR),
      );
      if (flags.json === true) process.stdout.write(`${JSON.stringify(issued)}\n`);
      else
        process.stdout.write(
          `key ${issued.keyId} (${issued.role}, tenant ${issued.tenant})\n${issued.token}\n`,
        );
      process.stderr.write('mir: store this token now: it is not shown again\n');
    });
  keys
    .command('revoke <keyId>')
    .description('revoke an API key (recorded as a ledger event; effective on the next request)')
    .option('--reason <reason>', 'why', 'revoked from the CLI')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .action(async (keyId: string, flags: { reason: string; data?: string }) => {
      await withKeys(flags.data, (service) => service.revoke(keyId, flags.reason, CLI_ACTOR));
      process.stdout.write(`revoked ${keyId}\n`);
    });
  keys
    .command('public')
    .description('print the checkpoint verifier key an auditor pins (never the private key)')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .action(async (flags: { data?: string }) => {
      const dir = resolveDataDirectory(flags.data);
      const log = openSqliteEventLog(dir.ledgerFile, { readOnly: true });
      try {
        const origin = await readOrigin(log);
        if (origin === null)
          throw new Error('the ledger has no genesis event yet: start it once (mir serve)');
        process.stdout.write(`${formatVerifierKey(origin, readSigningPublicKey(dir.keysDir))}\n`);
      } finally {
        await log.close();
      }
    });
}

/** Opens the ledger's event log (beside a running server, if any: SQLite arbitrates) just for key events. */
async function withKeys<T>(
  data: string | undefined,
  work: (service: ApiKeyService) => Promise<T>,
): Promise<T> {
  const dir = resolveDataDirectory(data);
  const log = openSqliteEventLog(dir.ledgerFile);
  try {
    if ((await readOrigin(log)) === null)
      throw new Error(`no ledger in ${dir.root} yet: start it once (mir serve) before issuing keys`);
    return await work(new ApiKeyService(log, systemClock, uuidV7Ids));
  } finally {
    await log.close();
  }
}
