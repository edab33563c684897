import { Option } from 'commander';
import type { Command } from 'commander';
import type { Role } from '../../../domain/index.js';
import { formatVerifierKey, readOrigin, readSigningPublicKey } from '../../../ledger/index.js';
import { ApiKeyService } from '../../access/apiKeyService.js';
import type { ApiKeyListing } from '../../access/apiKeyService.js';
import { lockDataDir } from '../../dataDirLock.js';
import { rotateSigningKey } from '../../keyRotation.js';
import { systemClock } from '../../system/systemClock.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';
import { ledgerTarget, ledgerTargetOptions, requireEmbeddedStore } from '../ledgerTarget.js';
import type { LedgerTargetFlags } from '../ledgerTarget.js';
import { openLedgerLog } from '../openLedgerLog.js';

const CLI_ACTOR = { kind: 'user', id: 'mir-cli' } as const;
const ROLES: readonly Role[] = ['auditor', 'app', 'reviewer', 'admin'];

export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('API keys and the checkpoint signing key');
  ledgerTargetOptions(keys.command('create'))
    .description('issue an API key; the token is printed once and stored only as a hash')
    .addOption(new Option('--role <role>', 'what the key may do').choices(ROLES).makeOptionMandatory())
    .requiredOption('--tenant <tenant>', 'the one tenant the key may see')
    .option('--label <label>', 'what the key is for', '')
    .option('--json', 'machine-readable output')
    .action(
      async (flags: LedgerTargetFlags & { role: Role; tenant: string; label: string; json?: boolean }) => {
        const issued = await withKeys(flags, (service) =>
          service.issue({ role: flags.role, tenant: flags.tenant, label: flags.label }, CLI_ACTOR),
        );
        if (flags.json === true) process.stdout.write(`${JSON.stringify(issued)}\n`);
        else
          process.stdout.write(
            `key ${issued.keyId} (${issued.role}, tenant ${issued.tenant})\n${issued.token}\n`,
          );
        process.stderr.write('mir: store this token now: it is not shown again\n');
      },
    );
  ledgerTargetOptions(keys.command('list'))
    .description('list API keys: id, role, tenant, label, created, revoked (never a secret)')
    .option('--tenant <tenant>', 'only the keys of this tenant')
    .option('--json', 'machine-readable output')
    .action(async (flags: LedgerTargetFlags & { tenant?: string; json?: boolean }) => {
      const listed = await withKeys(flags, (service) => service.list(flags.tenant), { readOnly: true });
      if (flags.json === true) process.stdout.write(`${JSON.stringify(listed, null, 2)}\n`);
      else process.stdout.write(describeKeys(listed));
    });
  ledgerTargetOptions(keys.command('revoke <keyId>'))
    .description('revoke an API key (recorded as a ledger event; effective on the next request)')
    .option('--reason <reason>', 'why', 'revoked from the CLI')
    .action(async (keyId: string, flags: LedgerTargetFlags & { reason: string }) => {
      await withKeys(flags, (service) => service.revoke(keyId, flags.reason, CLI_ACTOR));
      process.stdout.write(`revoked ${keyId}\n`);
    });
  ledgerTargetOptions(keys.command('public'))
    .description('print the checkpoint verifier key an auditor pins (never the private key)')
    .action(async (flags: LedgerTargetFlags) => {
      const target = ledgerTarget(flags);
      const log = await openLedgerLog(target, { readOnly: true, requireGenesis: true });
      try {
        const origin = (await readOrigin(log))!;
        process.stdout.write(`${formatVerifierKey(origin, readSigningPublicKey(target.dir.keysDir))}\n`);
      } finally {
        await log.close();
      }
    });
  ledgerTargetOptions(keys.command('rotate'))
    .description(
      'replace the checkpoint signing key: a statement signed by the old and the new key retires the old one ' +
        'after the current tree size (refused while a server holds the data directory)',
    )
    .option('--json', 'machine-readable output')
    .action(async (flags: LedgerTargetFlags & { json?: boolean }) => {
      const target = ledgerTarget(flags);
      // Every node of a shared ledger signs with one key: a rotation would have to reach them all at once.
      requireEmbeddedStore(target, 'mir keys rotate', 'every node of a shared ledger holds the same key');
      const { dir } = target;
      const unlock = lockDataDir(dir.root, 'mir keys rotate');
      const rotation = await rotateSigningKey(dir).finally(unlock);
      if (flags.json === true) process.stdout.write(`${JSON.stringify(rotation)}\n`);
      else process.stdout.write(`${rotation.verifierKey}\n`);
      process.stderr.write(
        `mir: key ${rotation.retiredKey.split('+')[1]} retired after tree size ${rotation.retireAfter}; ` +
          'pin the new verifier key (a pin of an older key of the chain keeps verifying)\n',
      );
    });
}

/** One line per key, aligned; a header names the columns. */
function describeKeys(listed: readonly ApiKeyListing[]): string {
  if (listed.length === 0) return 'no API keys\n';
  const rows = [
    ['KEY ID', 'ROLE', 'TENANT', 'CREATED', 'STATUS', 'LABEL'],
    ...listed.map((key) => [
      key.keyId,
      key.role,
      key.tenant,
      key.createdAt,
      key.revokedAt === null ? 'active' : `revoked ${key.revokedAt}`,
      key.label,
    ]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map(
      (row) =>
        `${row
          .map((cell, column) => cell.padEnd(widths[column]!))
          .join('  ')
          .trimEnd()}\n`,
    )
    .join('');
}

/**
 * Opens the ledger's event log just for key events. Beside a running server this is safe: only key streams are
 * appended to (SQLite serialises writers, each append checks its stream's revision, and the server's
 * checkpointer covers the new events), and the server sees a revocation on its next read of the key.
 */
async function withKeys<T>(
  flags: LedgerTargetFlags,
  work: (service: ApiKeyService) => Promise<T>,
  options: { readOnly?: boolean } = {},
): Promise<T> {
  const log = await openLedgerLog(ledgerTarget(flags), {
    readOnly: options.readOnly === true,
    requireGenesis: true,
  });
  try {
    return await work(new ApiKeyService(log, systemClock, uuidV7Ids));
  } finally {
    await log.close();
  }
}
