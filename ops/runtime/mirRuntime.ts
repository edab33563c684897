import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { hasErrorCode, RunCommandService, TenantControlService } from '../../domain/index.js';
import { createGraphqlApi } from '../../graphql/index.js';
import type { Ledger } from '../../ledger/index.js';
import { openReadModels, READ_MODEL_FILE_NAME, runAsOf } from '../../projections/index.js';
import type { ReadModels } from '../../projections/index.js';
import { ApiKeyService } from '../access/apiKeyService.js';
import type { IssuedApiKey } from '../access/apiKeyService.js';
import { bootstrapAdminKey } from '../access/bootstrapAdminKey.js';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import { ensureDataDirectory } from '../dataDirectory.js';
import { openEmbeddedLedger } from '../embeddedLedger.js';
import { createHttpServer } from '../server/httpServer.js';
import { createServerMetrics } from '../server/serverMetrics.js';
import { systemClock } from '../system/systemClock.js';
import { uuidV7Ids } from '../system/uuidV7Ids.js';
import { lockDataDirForServer } from './serverLock.js';
import { verifyInWorker } from './verifyInWorker.js';
import { startInference } from '../inference/startInference.js';
import { openGovernance } from '../governance/composeGovernance.js';
import type { InferenceRuntime } from '../../inference/index.js';

/** A running MIR: ledger, read models, API and HTTP server, composed once. */
export interface MirRuntime {
  readonly url: string;
  readonly server: Server;
  readonly ledger: Ledger;
  readonly readModels: ReadModels;
  readonly apiKeys: ApiKeyService;
  readonly inference: InferenceRuntime;
  /** The admin key issued on the very first start (null afterwards); its token is also in keys/admin.token. */
  readonly bootstrapKey: IssuedApiKey | null;
  /** Graceful stop: no new connections, in-flight requests finish, appends drain, a last checkpoint is signed. */
  close(): Promise<void>;
}

/** Builds and starts everything `mir serve` runs. Listens on `config.host:config.port` (port 0: any free port). */
export async function startMirRuntime(config: RuntimeConfig, logger: Logger): Promise<MirRuntime> {
  const onError = (what: string) => (error: unknown) =>
    logger.error({ err: error }, `${what} failed; retrying`);
  ensureDataDirectory(config.dataDir);
  const unlock = lockDataDirForServer(config.dataDir.root);
  try {
    return await compose(config, logger, onError, unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

async function compose(
  config: RuntimeConfig,
  logger: Logger,
  onError: (what: string) => (error: unknown) => void,
  unlock: () => void,
): Promise<MirRuntime> {
  const { ledger, log, ledgerCreated } = await openEmbeddedLedger(config.dataDir, {
    checkpointEveryEvents: config.checkpointEveryEvents,
    checkpointEveryMs: config.checkpointEveryMs,
    onBackgroundError: onError('checkpointer'),
  });
  const readModels = openReadModels(join(config.dataDir.root, READ_MODEL_FILE_NAME), log, {
    onError: onError('projections'),
  });
  await startProjections(readModels, logger);
  const apiKeys = new ApiKeyService(log, systemClock, uuidV7Ids);
  const stopWatchingRevocations = apiKeys.watchRevocations(((await log.headPosition()) ?? -1) + 1);
  const tenants = new TenantControlService(log, systemClock, uuidV7Ids);
  const inference = await startInference(log, config.dataDir.modelsDir, config.inference, logger, tenants);
  const governance = await openGovernance({
    log,
    clock: systemClock,
    ids: uuidV7Ids,
    killSwitch: tenants,
    engine: inference.engine,
    dataDir: join(config.dataDir.root, 'tools'),
    readModels,
    settings: {
      httpAllowedHosts: config.governance.httpAllowedHosts,
      approvalTtlMs: config.governance.approvalTtlMs,
      approvalLimits: {
        perRun: config.governance.maxPendingApprovalsPerRun,
        perTenant: config.governance.maxPendingApprovalsPerTenant,
      },
    },
  });
  const bootstrapKey = ledgerCreated ? await bootstrapAdminKey(apiKeys, config.dataDir.keysDir) : null;
  const metrics = createServerMetrics({
    commitStats: () => log.commitStats(),
    headPosition: () => log.headPosition(),
    projectionLag: () => readModels.runner.lag(),
  });
  const api = createGraphqlApi({
    log,
    ledger,
    queries: readModels.queries,
    runs: new RunCommandService(log, systemClock, uuidV7Ids, 5, tenants),
    inference,
    governance,
    tenants,
    clock: systemClock,
    waitForProjection: (position) => readModels.runner.waitFor(position, { timeoutMs: 10_000 }),
    runAsOf: (tenant, runId, asOf) => runAsOf(log, tenant, runId, asOf),
    authenticate: (authorization) => apiKeys.authenticate(authorization),
    verifyLedger: (range) =>
      verifyInWorker({ ledgerFile: config.dataDir.ledgerFile, options: { toPosition: range.toPosition } }),
    config: {
      corsOrigins: config.corsOrigins,
      maxRequestBytes: config.maxRequestBytes,
      maxModelUploadBytes: config.inference.maxModelUploadBytes,
      graphiql: config.graphiql,
      development: config.development,
    },
    registry: metrics.registry,
  });
  const server = createHttpServer({
    graphql: api.yoga,
    metrics,
    readiness: async () => {
      const lag = await readModels.runner.lag();
      const failing = readModels.runner.lastError();
      const ready = lag <= config.readyMaxLag && failing === null;
      return {
        ready,
        checks: {
          ledger: 'open',
          projectionLag: String(lag),
          projections: failing === null ? 'ok' : 'retrying after a failure',
        },
      };
    },
  });
  const webSocket = api.handleWebSocket(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    ledger,
    readModels,
    apiKeys,
    inference,
    bootstrapKey,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await webSocket.close();
      await closed;
      governance.close();
      await inference.close();
      await stopWatchingRevocations();
      await readModels.close();
      await ledger.checkpointNow();
      await ledger.close();
      unlock();
    },
  };
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
