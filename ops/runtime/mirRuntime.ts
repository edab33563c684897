import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { isStorageError, RunCommandService, RunForkService } from '../../domain/index.js';
import { createGraphqlApi, createMcpHandler } from '../../graphql/index.js';
import type { GraphqlDeps } from '../../graphql/index.js';
import type { Ledger } from '../../ledger/index.js';
import { runAsOf } from '../../projections/index.js';
import type { ReadModels } from '../../projections/index.js';
import type { ApiKeyService } from '../access/apiKeyService.js';
import type { IssuedApiKey } from '../access/apiKeyService.js';
import { bootstrapAdminKey } from '../access/bootstrapAdminKey.js';
import type { RuntimeConfig } from '../config/runtimeConfig.js';
import { ensureDataDirectory } from '../dataDirectory.js';
import { lockDataDir } from '../dataDirLock.js';
import { createHttpServer, endEventStreams } from '../server/httpServer.js';
import type { Readiness } from '../server/httpServer.js';
import { listen } from '../server/listen.js';
import { createServerMetrics } from '../server/serverMetrics.js';
import { countedCompletions } from '../server/countedCompletions.js';
import { consoleDir } from '../console/consoleFiles.js';
import { verifyPageFile } from '../verifyPage/verifyPageFile.js';
import { systemClock } from '../system/systemClock.js';
import { uuidV7Ids } from '../system/uuidV7Ids.js';
import { TeardownStack } from './teardownStack.js';
import { openRuntimeCore } from './runtimeCore.js';
import { verifyInWorker } from './verifyInWorker.js';
import { openReplay } from '../replay/openReplay.js';
import { policyTextsById } from '../governance/index.js';
import { systemTimer } from '../../inference/index.js';
import type { InferenceRuntime } from '../../inference/index.js';
import { WallTimeWatch } from './wallTimeWatch.js';
import { sha256Digester } from '../toolCalls/sha256Digester.js';
import { startWitnessClients } from '../witnesses/startWitnessClients.js';
import { describeStore } from '../store/storeLocation.js';

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

/** Built files served beside the API; each defaults to the MIR package's own `dist/` (tests pass fresh builds). */
export interface RuntimeFiles {
  /** The built console (see consoleDir); ignored when `config.console` is off. */
  readonly consoleDir?: string;
}

/**
 * Builds and starts everything `mir serve` runs. Listens on `config.host:config.port` (port 0: any free port).
 * Holds the data directory's lock (DATA_DIR_IN_USE when another process does) from before the first file is
 * opened until after the last is closed. When any step fails, everything opened so far is closed, last first,
 * the lock is released, and the step's error is thrown (LISTEN_FAILED names the address): no timer, worker,
 * socket or file is left behind.
 */
export async function startMirRuntime(
  config: RuntimeConfig,
  logger: Logger,
  where: RuntimeFiles = {},
): Promise<MirRuntime> {
  const onError = (what: string) => (error: unknown) =>
    logger.error({ err: error }, `${what} failed; retrying`);
  ensureDataDirectory(config.dataDir);
  const teardown = new TeardownStack((step, error) =>
    logger.error({ err: error, step }, `closing ${step} failed`),
  );
  teardown.defer('data directory lock', lockDataDir(config.dataDir.root, 'mir serve'));
  try {
    return await compose(config, logger, onError, teardown, where);
  } catch (error) {
    // Each failed step was logged by the stack; the start's own error is the one to report.
    await teardown.close().catch(() => undefined);
    throw error;
  }
}

/** Opens each part, registering how to close it right after it opened: `teardown` is the only way back. */
async function compose(
  config: RuntimeConfig,
  logger: Logger,
  onError: (what: string) => (error: unknown) => void,
  teardown: TeardownStack,
  where: RuntimeFiles,
): Promise<MirRuntime> {
  const core = await openRuntimeCore(config, logger, onError, teardown);
  const { ledger, log, ledgerCreated, readModels, apiKeys, refusals, tenants, inference, governance } = core;
  const bootstrapKey = ledgerCreated ? await bootstrapAdminKey(apiKeys, config.dataDir.keysDir) : null;
  const metrics = createServerMetrics({
    commitStats: () => log.commitStats(),
    headPosition: () => log.headPosition(),
    projectionLag: () => readModels.runner.lag(),
    store: { kind: config.store.kind, location: describeStore(config.store) },
    signsCheckpoints: core.signsCheckpoints,
  });
  // Witnesses cosign the checkpoints beside the checkpointer; stopped before the ledger closes.
  const witnesses = startWitnessClients({
    ledger,
    log,
    endpoints: config.witnesses,
    clock: systemClock,
    ids: uuidV7Ids,
    logger,
    registry: metrics.registry,
    signsCheckpoints: core.signsCheckpoints,
  });
  teardown.defer('witness clients', () => witnesses.close());
  const runs = new RunCommandService(log, systemClock, uuidV7Ids, 5, tenants);
  // Runs past their wall time are ended by the runtime itself, with no command arriving.
  const wallTime = new WallTimeWatch(log, runs, systemClock, systemTimer, {
    onError: onError('wall-time watch'),
  });
  wallTime.start();
  teardown.defer('wall-time watch', () => wallTime.close());
  const apiDeps: GraphqlDeps = {
    log,
    ledger,
    queries: readModels.queries,
    runs,
    forks: new RunForkService({
      log,
      clock: systemClock,
      ids: uuidV7Ids,
      digester: sha256Digester,
      killSwitch: tenants,
    }),
    replay: openReplay({
      log,
      clock: systemClock,
      ids: uuidV7Ids,
      killSwitch: tenants,
      readModels,
      inference,
      governance,
    }),
    inference,
    governance: {
      ...governance,
      completions: countedCompletions(governance.completions, metrics.completions),
    },
    completionDeltas: core.completionDeltas,
    blobs: governance.blobs,
    tenants,
    refusals,
    witnesses: config.witnesses.map(({ url, verifierKey }) => ({ url, verifierKey })),
    clock: systemClock,
    waitForProjection: (position) => readModels.runner.waitFor(position, { timeoutMs: 10_000 }),
    runAsOf: (tenant, runId, asOf) => runAsOf(log, tenant, runId, asOf),
    splitPolicies: policyTextsById(),
    authenticate: (authorization) => apiKeys.authenticate(authorization),
    onUnauthenticated: (reason) => metrics.unauthenticated.inc({ reason }),
    verifyLedger: (range, watch) =>
      verifyInWorker({ store: config.store, options: { toPosition: range.toPosition } }, watch),
    config: {
      corsOrigins: config.corsOrigins,
      maxRequestBytes: config.maxRequestBytes,
      maxModelUploadBytes: config.inference.maxModelUploadBytes,
      graphiql: config.graphiql,
      development: config.development,
    },
    registry: metrics.registry,
  };
  const api = createGraphqlApi(apiDeps);
  // MCP at /mcp over the same deps: the same services, keys, refusal evidence and body limit as GraphQL.
  const mcp = createMcpHandler(apiDeps, {
    onInternalError: (error) => logger.error({ err: error }, 'MCP request failed'),
  });
  const server = createHttpServer({
    graphql: api.yoga,
    mcp,
    metrics,
    verifyPageFile: verifyPageFile(),
    consoleDir: config.console ? (where.consoleDir ?? consoleDir()) : null,
    readiness: async (): Promise<Readiness> => {
      // A store that is away (a database restarting) makes the node not ready: a load balancer sends elsewhere.
      const lag = await readModels.runner.lag().catch((error: unknown) => {
        if (isStorageError(error)) return null;
        throw error;
      });
      if (lag === null) return { ready: false, checks: { ledger: 'unreachable' } };
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
  // Listening comes first: WebSocketServer would otherwise re-emit a listen failure, with its stack, on stderr.
  const address = await listen(server, config.port, config.host);
  const webSocket = api.handleWebSocket(server);
  teardown.defer('http server', async () => {
    // Stop accepting first; in-flight requests finish; subscriptions end (SSE streams closed, WebSocket clients
    // told the server is going away), or the stop would wait for every open console.
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    endEventStreams(server);
    await webSocket.close();
    await closed;
  });
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    ledger,
    readModels,
    apiKeys,
    inference,
    bootstrapKey,
    close: () => teardown.close(),
  };
}
