import { InvalidArgumentError } from 'commander';
import type { Command } from 'commander';
import { ledgerTarget, STORE_OPTION } from '../ledgerTarget.js';
import {
  RunCommandService,
  RunError,
  RunForkService,
  TenantControlService,
  runStream,
} from '../../../domain/index.js';
import type { CommandOrigin, EventLog, RunForkResult, RunStartedData } from '../../../domain/index.js';
import { systemClock } from '../../system/systemClock.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';
import { sha256Digester } from '../../toolCalls/sha256Digester.js';
import { openLedgerLog } from '../openLedgerLog.js';

const CLI_ACTOR = { kind: 'user', id: 'mir-cli' } as const;

interface ForkFlags {
  atStep: number;
  reason: string;
  idempotencyKey?: string;
  data?: string;
  json?: boolean;
}

/** `mir fork <runId> --at-step N --reason R`: `forkRun` for an operator at the machine, in the run's tenant. */
export function registerForkCommand(program: Command): void {
  program
    .command('fork <runId>')
    .description(
      'start a new run that continues <runId> from right after one of its steps (an event; the source is not changed)',
    )
    .requiredOption(
      '--at-step <n>',
      'the source step to continue after (0: right after its start)',
      stepNumber,
    )
    .requiredOption('--reason <reason>', 'why (recorded)')
    .option('--idempotency-key <key>', 'the same key again answers the same fork, appending nothing')
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .option(...STORE_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (runId: string, flags: ForkFlags) => {
      const log = await openLedgerLog(ledgerTarget(flags), { requireGenesis: true });
      try {
        printFork(runId, await forkOnLedger(log, runId, flags), flags.json === true);
      } finally {
        await log.close();
      }
    });
}

function stepNumber(value: string): number {
  const step = Number(value);
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(step)) throw new InvalidArgumentError('not an integer');
  return step;
}

/**
 * Forks as the API does (same service, same kill switch, same id scheme), acting as `mir-cli` in the source run's
 * own tenant. Safe beside a running server: the fork's stream is new and the append checks its revision.
 */
async function forkOnLedger(log: EventLog, runId: string, flags: ForkFlags): Promise<RunForkResult> {
  const [started] = await log.readStream(runStream(runId), { fromRevision: 0, maxCount: 1 });
  if (started?.type !== 'RunStarted')
    throw new RunError('RUN_NOT_FOUND', `run ${runId} not found`, { runId });
  const origin: CommandOrigin = {
    actor: CLI_ACTOR,
    tenant: started.meta.tenant,
    ...(flags.idempotencyKey === undefined ? {} : { idempotencyKey: flags.idempotencyKey }),
  };
  const deps = { log, clock: systemClock, ids: uuidV7Ids };
  const killSwitch = new TenantControlService(log, systemClock, uuidV7Ids);
  const forks = new RunForkService({ ...deps, digester: sha256Digester, killSwitch });
  const forkId = new RunCommandService(log, systemClock, uuidV7Ids).newRunId(origin);
  const command = { type: 'ForkRun', runId: forkId, sourceRunId: runId, atStep: flags.atStep } as const;
  return forks.fork({ ...command, reason: flags.reason }, origin);
}

function printFork(sourceRunId: string, result: RunForkResult, json: boolean): void {
  const started = result.events[0]!;
  const { forkedFrom } = started.data as unknown as RunStartedData;
  const { step, position, stateDigest } = forkedFrom!;
  const fork = { runId: result.runId, sourceRunId, step, position, stateDigest, replayed: result.replayed };
  if (json) process.stdout.write(`${JSON.stringify({ ...fork, tenant: started.meta.tenant })}\n`);
  else
    process.stdout.write(
      `${result.replayed ? 'already forked' : 'forked'} ${sourceRunId} at step ${step} (position ${position}) ` +
        `as ${result.runId}; source state ${stateDigest}\n`,
    );
}
