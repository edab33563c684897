import type { Command } from 'commander';
import { ledgerTarget, STORE_OPTION } from '../ledgerTarget.js';
import type { LedgerTargetFlags } from '../ledgerTarget.js';
import { pino } from 'pino';
import { RunError, runStream } from '../../../domain/index.js';
import type { RollbackResult } from '../../../domain/index.js';
import { loadRuntimeConfig } from '../../config/runtimeConfig.js';
import { lockDataDir } from '../../dataDirLock.js';

const CLI_ACTOR = { kind: 'user', id: 'mir-cli' } as const;

interface RollbackFlags extends LedgerTargetFlags {
  toStep: string;
  reason: string;
  json?: boolean;
}

/** `mir rollback <runId> --to-step N --reason R [--json]`: rolls a run back on a data dir no server is using. */
export function registerRollbackCommand(program: Command): void {
  program
    .command('rollback <runId>')
    .description(
      'roll a run back to a step by compensating events (as rollbackRun does, as an admin of its tenant, policies ' +
        'deciding); needs the data directory to itself (stop mir serve first)',
    )
    .requiredOption('--to-step <n>', 'the step to go back to')
    .requiredOption('--reason <reason>', 'why (recorded)')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .option(...STORE_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (runId: string, flags: RollbackFlags) => {
      const result = await rollback(runId, flags);
      if (flags.json === true) process.stdout.write(`${JSON.stringify(result)}\n`);
      else process.stdout.write(describe(runId, result));
      process.exitCode =
        result.outcome === 'rolled_back' || result.outcome === 'nothing_to_roll_back' ? 0 : 1;
    });
}

/**
 * Composes what the server composes below its API (`openRuntimeCore`: ledger, read models, kill switch, inference,
 * governance — which first finishes any rollback a killed process left), under the data directory's lock, then
 * rolls back as the CLI's admin principal in the run's own tenant.
 */
async function rollback(runId: string, flags: RollbackFlags): Promise<RollbackResult> {
  ledgerTarget(flags);
  const config = loadRuntimeConfig({ data: flags.data, store: flags.store, port: '0' });
  const logger = pino({ level: 'warn' }, pino.destination(2));
  // Loaded here, not at the top: other commands start without loading governance and inference.
  const { TeardownStack } = await import('../../runtime/teardownStack.js');
  const { openRuntimeCore } = await import('../../runtime/runtimeCore.js');
  const teardown = new TeardownStack((step, error) =>
    logger.error({ err: error, step }, `closing ${step} failed`),
  );
  teardown.defer('data directory lock', lockDataDir(config.dataDir.root, 'mir rollback'));
  try {
    const onError = (what: string) => (error: unknown) => logger.error({ err: error }, `${what} failed`);
    const core = await openRuntimeCore(config, logger, onError, teardown);
    const [first] = await core.log.readStream(runStream(runId), { maxCount: 1 });
    if (first === undefined) throw new RunError('RUN_NOT_FOUND', `run ${runId} not found`, { runId });
    const origin = { actor: CLI_ACTOR, tenant: first.meta.tenant, role: 'admin' as const };
    const point = { step: Number(flags.toStep) };
    return await core.governance.rollback.rollbackRun({ runId, point, reason: flags.reason }, origin);
  } finally {
    await teardown.close();
  }
}

function describe(runId: string, result: RollbackResult): string {
  switch (result.outcome) {
    case 'nothing_to_roll_back':
      return `${runId}: nothing recorded after position ${result.pointPosition}; nothing to roll back\n`;
    case 'denied':
      return `${runId}: rollback refused (${result.reason}): ${result.message}\n`;
    case 'pending_approval':
      return `${runId}: a reviewer must approve this rollback first (approval ${result.approvalId}, until ${result.expiresAt})\n`;
    default: {
      const lines = [
        `${runId}: ${result.outcome} (rollback ${result.rollbackId})`,
        `  compensated: ${result.compensated.length}`,
        `  memories un-applied: ${result.unapplied.length}`,
        ...result.leftBehind.map(
          (call) => `  left behind (${call.why}): ${call.tool.name} call ${call.callId}`,
        ),
        ...result.failed.map(
          (problem) => `  NOT compensated (${problem.outcome}): call ${problem.callId}: ${problem.message}`,
        ),
      ];
      return `${lines.join('\n')}\n`;
    }
  }
}
