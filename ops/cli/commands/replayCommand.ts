import { join } from 'node:path';
import type { Command } from 'commander';
import { ledgerTarget, STORE_OPTION } from '../ledgerTarget.js';
import type { LedgerTarget, LedgerTargetFlags } from '../ledgerTarget.js';
import {
  ALL_REPLAY_CHECKS,
  PolicyService,
  RunError,
  runStream,
  TenantControlService,
  ToolRegistry,
} from '../../../domain/index.js';
import type { EventLog, ReplayRunResult } from '../../../domain/index.js';
import { openOnnxInference } from '../../../inference/index.js';
import { openReadModels, READ_MODEL_FILE_NAME } from '../../../projections/index.js';
import { lockDataDir } from '../../dataDirLock.js';
import { CedarPolicyEvaluator, sha256PolicyDigester } from '../../governance/index.js';
import { openReplay } from '../../replay/openReplay.js';
import { systemClock } from '../../system/systemClock.js';
import { uuidV7Ids } from '../../system/uuidV7Ids.js';
import { AjvSchemaValidator } from '../../tools/index.js';
import { openLedgerLog } from '../openLedgerLog.js';

const CLI_ACTOR = { kind: 'user', id: 'mir-cli' } as const;

/** `mir replay <runId>`: `replayRun` for an operator at the machine (as an admin of the run's tenant). */
export function registerReplayCommand(program: Command): void {
  program
    .command('replay <runId>')
    .description(
      "replay a run's history: its state against the read model, its inference on the recorded model files, its " +
        'policy decisions under the recorded policy versions; records RunReplayed (exit 1 on a mismatch)',
    )
    .option('--data <dir>', 'data directory (default ./data, env MIR_DATA_DIR)')
    .option(...STORE_OPTION)
    .option('--json', 'machine-readable output')
    .action(async (runId: string, flags: LedgerTargetFlags & { json?: boolean }) => {
      const target = ledgerTarget(flags);
      const { dir } = target;
      // The read models belong to the server (as for `mir rebuild`): this holds the data directory like one.
      const unlock = lockDataDir(dir.root, 'mir replay');
      try {
        const result = await replayIn(target, runId);
        process.stdout.write(flags.json === true ? `${JSON.stringify(result)}\n` : describe(result));
        if (result.report.verdict !== 'match') process.exitCode = 1;
      } finally {
        unlock();
      }
    });
}

/** Composes replay over the data directory (read models caught up, a one-worker CPU engine, Cedar) and runs it. */
async function replayIn(target: LedgerTarget, runId: string): Promise<ReplayRunResult> {
  const { dir } = target;
  const log = await openLedgerLog(target, { requireGenesis: true });
  const readModels = openReadModels(join(dir.root, READ_MODEL_FILE_NAME), log);
  const ids = uuidV7Ids;
  const clock = systemClock;
  const inference = openOnnxInference({ log, clock, ids, modelsDir: dir.modelsDir, engine: { workers: 1 } });
  try {
    await readModels.runner.start();
    const killSwitch = new TenantControlService(log, clock, ids);
    const tools = new ToolRegistry({ log, clock, ids, schemas: new AjvSchemaValidator() });
    const evaluator = new CedarPolicyEvaluator();
    const policies = new PolicyService({ log, clock, ids, evaluator, digester: sha256PolicyDigester });
    const replay = openReplay({
      log,
      clock,
      ids,
      killSwitch,
      readModels,
      inference,
      governance: { policies, tools },
    });
    const tenant = await tenantOf(log, runId);
    return await replay.replay(
      { runId, options: ALL_REPLAY_CHECKS },
      { actor: CLI_ACTOR, tenant, role: 'admin' },
    );
  } finally {
    await inference.close();
    await readModels.close();
    await log.close();
  }
}

async function tenantOf(log: EventLog, runId: string): Promise<string> {
  const [started] = await log.readStream(runStream(runId), { fromRevision: 0, maxCount: 1 });
  if (started === undefined) throw new RunError('RUN_NOT_FOUND', `run ${runId} not found`, { runId });
  return started.meta.tenant;
}

/** One line for the verdict and counts, then one per mismatch naming the event and both values. */
function describe({ runId, report, event }: ReplayRunResult): string {
  const counts = Object.entries(report.counts)
    .map(([check, { checked, mismatches }]) => `${check} ${checked - mismatches}/${checked}`)
    .join(', ');
  const lines = [`run ${runId}: ${report.verdict.toUpperCase()} (${counts}); recorded as ${event.id}`];
  for (const item of report.items.filter((found) => !found.match))
    lines.push(
      `  ${item.check} ${item.subject} at ${item.eventId}: expected ${JSON.stringify(item.expected)}, ` +
        `replayed ${JSON.stringify(item.actual)}${item.note === null ? '' : ` (${item.note})`}`,
    );
  return `${lines.join('\n')}\n`;
}
