import type { Command } from 'commander';
import { ledgerTarget, STORE_OPTION } from '../ledgerTarget.js';
import type { LedgerTargetFlags } from '../ledgerTarget.js';
import { TenantControlService } from '../../../domain/index.js';
import { systemClock } from '../../system/systemClock.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';
import { openLedgerLog } from '../openLedgerLog.js';

const CLI_ACTOR = { kind: 'user', id: 'mir-cli' } as const;

interface TenantFlags extends LedgerTargetFlags {
  reason: string;
  json?: boolean;
}

/** `mir tenant halt|resume|status <tenant>`: the kill switch, for an operator at the machine. */
export function registerTenantCommand(program: Command): void {
  const tenant = program
    .command('tenant')
    .description("a tenant's kill switch: halt every action, or resume");
  for (const [name, description] of [
    ['halt', 'engage the kill switch: every action of the tenant is refused until resumed (an event)'],
    ['resume', 'lift the kill switch (an event)'],
  ] as const) {
    tenant
      .command(`${name} <tenant>`)
      .description(description)
      .requiredOption('--reason <reason>', 'why (recorded)')
      .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
      .option(...STORE_OPTION)
      .option('--json', 'machine-readable output')
      .action(async (id: string, flags: TenantFlags) => {
        const state = await withTenants(flags, (service) =>
          name === 'halt'
            ? service.halt(id, flags.reason, { actor: CLI_ACTOR, tenant: id })
            : service.resume(id, flags.reason, { actor: CLI_ACTOR, tenant: id }),
        );
        printState(id, state.halted, flags.json === true);
      });
  }
  tenant
    .command('status <tenant>')
    .description('whether the tenant is halted')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .option(...STORE_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (id: string, flags: LedgerTargetFlags & { json?: boolean }) => {
      const state = await withTenants(flags, (service) => service.status(id));
      printState(id, state.halted, flags.json === true);
    });
}

function printState(
  tenant: string,
  halted: { by: string; reason: string; at: string } | null,
  json: boolean,
): void {
  if (json) process.stdout.write(`${JSON.stringify({ tenant, halted })}\n`);
  else if (halted === null) process.stdout.write(`${tenant}: active\n`);
  else process.stdout.write(`${tenant}: HALTED since ${halted.at} by ${halted.by}: ${halted.reason}\n`);
}

/**
 * Opens the ledger's event log just for the tenant's control stream. Safe beside a running server, which is the
 * point of a kill switch: SQLite serialises writers, the append checks the stream's revision, and every process
 * reads the stream before each action of the tenant.
 */
async function withTenants<T>(
  flags: LedgerTargetFlags,
  work: (service: TenantControlService) => Promise<T>,
): Promise<T> {
  const log = await openLedgerLog(ledgerTarget(flags), { requireGenesis: true });
  try {
    return await work(new TenantControlService(log, systemClock, uuidV7Ids));
  } finally {
    await log.close();
  }
}
