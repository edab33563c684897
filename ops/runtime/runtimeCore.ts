import { join } from 'node:path';
import type { Logger } from 'pino';
import { hasErrorCode, RefusalRecorder, TenantControlService } from '../../domain/index.js';
import { CompletionDeltaHub } from '../../graphql/index.js';
import { systemTimer } from '../../inference/index.js';
import type { InferenceRuntime } from '../../inference/index.js';
import type { Ledger } from '../../ledger/index.js';
import { openReadModels, READ_MODEL_FILE_NAME } from '../../projections/index.js';
import type { ReadModels } from '../../projections/index.js';
import { ApiKeyService } from '../access/apiKeyService.js';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import { openGovernance } from '../governance/composeGovernance.js';
import type { Governance } from '../governance/composeGovernance.js';
import { startInference } from '../inference/startInference.js';
import type { StoreEventLog } from '../store/ledgerStore.js';
import { openNodeLedger } from '../store/nodeLedger.js';
import { systemClock } from '../system/systemClock.js';
import { uuidV7Ids } from '../system/uuidV7Ids.js';
import type { TeardownStack } from './teardownStack.js';

/** Everything below the API that `mir serve` and the CLI's governed commands (`mir rollback`) compose alike. */
export interface RuntimeCore {
  readonly ledger: Ledger;
  readonly log: StoreEventLog;
  readonly ledgerCreated: boolean;
  /** Whether this node signs checkpoints now (see NodeLedger). */
  readonly signsCheckpoints: () => boolean;
  readonly readModels: ReadModels;
  readonly apiKeys: ApiKeyService;
  readonly refusals: RefusalRecorder;
  readonly tenants: TenantControlService;
  readonly inference: InferenceRuntime;
  readonly governance: Governance;
  /** Where streamed completions' pieces go on their way to `runActivity` subscribers. */
  readonly completionDeltas: CompletionDeltaHub;
}

/**
 * Opens the ledger, read models, API keys, refusal recorder, kill switch, inference and governance, registering
 * how to close each on `teardown` right after it opened, then finishes any rollback a previous process began and
 * did not end. The caller holds the data directory's lock.
 */
export async function openRuntimeCore(
  config: RuntimeConfig,
  logger: Logger,
  onError: (what: string) => (error: unknown) => void,
  teardown: TeardownStack,
): Promise<RuntimeCore> {
  const { ledger, log, ledgerCreated, signsCheckpoints, blobs } = await openNodeLedger(
    config.dataDir,
    config.store,
    {
      checkpointEveryEvents: config.checkpointEveryEvents,
      checkpointEveryMs: config.checkpointEveryMs,
      onBackgroundError: onError('checkpointer'),
    },
  );
  // Closed after everything that may still append: the final checkpoint covers all of it.
  teardown.defer('ledger', async () => {
    try {
      await ledger.checkpointNow();
    } finally {
      await ledger.close();
    }
  });
  const readModels = openReadModels(join(config.dataDir.root, READ_MODEL_FILE_NAME), log, {
    onError: onError('projections'),
  });
  teardown.defer('read models', () => readModels.close());
  await startProjections(readModels, logger);
  const apiKeys = new ApiKeyService(log, systemClock, uuidV7Ids);
  // One recorder for every refusal of an authenticated caller (kill switch, roles, ids not in the tenant).
  const refusals = new RefusalRecorder(log, systemClock, uuidV7Ids, {
    timer: systemTimer,
    windowMs: config.governance.refusalWindowMs,
  });
  teardown.defer('refusal windows', () => refusals.flush());
  const tenants = new TenantControlService(log, systemClock, uuidV7Ids, refusals);
  const inference = await startInference(log, config.dataDir.modelsDir, config.inference, logger, tenants);
  teardown.defer('inference', () => inference.close());
  const completionDeltas = new CompletionDeltaHub();
  const governance = await openGovernance({
    log,
    clock: systemClock,
    ids: uuidV7Ids,
    killSwitch: tenants,
    engine: inference.engine,
    dataDir: join(config.dataDir.root, 'tools'),
    readModels,
    onCompletionDelta: (delta) => completionDeltas.publish(delta),
    blobs,
    settings: {
      httpAllowedHosts: config.governance.httpAllowedHosts,
      approvalTtlMs: config.governance.approvalTtlMs,
      policyLimits: config.governance.policyLimits,
      approvalLimits: {
        perRun: config.governance.maxPendingApprovalsPerRun,
        perTenant: config.governance.maxPendingApprovalsPerTenant,
      },
    },
  });
  teardown.defer('governance', () => governance.close());
  await resumeRollbacks(governance, logger);
  return {
    ledger,
    log,
    ledgerCreated,
    signsCheckpoints,
    readModels,
    apiKeys,
    refusals,
    tenants,
    inference,
    governance,
    completionDeltas,
  };
}

/**
 * Rollbacks a previous process began and did not end (it was killed during their compensations) are finished
 * before the server takes requests: compensations already recorded are not run again (`RollbackService`).
 */
async function resumeRollbacks(governance: Governance, logger: Logger): Promise<void> {
  const resumed = await governance.rollback.resumeUnfinished();
  for (const result of resumed)
    logger.info(
      { rollbackId: 'rollbackId' in result ? result.rollbackId : null, outcome: result.outcome },
      'rollback resumed',
    );
}

/** Read models that ran ahead of, or diverged from, the ledger (restored backup, new ledger) are rebuilt. */
async function startProjections(readModels: ReadModels, logger: Logger): Promise<void> {
  try {
    await readModels.runner.start();
  } catch (error) {
    if (!hasErrorCode(error, 'READ_MODEL_AHEAD') && !hasErrorCode(error, 'READ_MODEL_DIVERGED')) throw error;
    logger.warn(
      { code: (error as { code: string }).code },
      'read models do not match the ledger: rebuilding them',
    );
    await readModels.runner.rebuild();
    await readModels.runner.start();
  }
}
