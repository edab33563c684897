import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import { RunCommandService } from '../../domain/index.js';
import type { Actor, EventLog, Role } from '../../domain/index.js';
import { createMemoryEventLog, verifyLedger } from '../../ledger/index.js';
import type { Ledger, LedgerLimits } from '../../ledger/index.js';
import { manualClock, openTestLedger, testIds } from '../../ledger/testing/testLedger.js';
import { ApiKeyService } from '../../ops/access/apiKeyService.js';
import type { IssuedApiKey } from '../../ops/access/apiKeyService.js';
import { openReadModels, runAsOf } from '../../projections/index.js';
import type { ReadModels } from '../../projections/index.js';
import { createGraphqlApi } from '../createGraphqlApi.js';
import type { GraphqlApi } from '../createGraphqlApi.js';
import { DEFAULT_MAX_REQUEST_BYTES } from '../graphqlDeps.js';
import type { GraphqlConfig, GraphqlDeps } from '../graphqlDeps.js';

export interface TestRuntimeOptions {
  readonly config?: Partial<GraphqlConfig>;
  readonly limits?: Partial<LedgerLimits>;
  readonly registry?: Registry;
}

/** The API over real parts: the memory event log, a ledger, the SQLite read models and their runner, API keys. */
export interface TestRuntime {
  readonly api: GraphqlApi;
  readonly deps: GraphqlDeps;
  readonly log: EventLog;
  readonly ledger: Ledger;
  readonly readModels: ReadModels;
  readonly keys: ApiKeyService;
  readonly clock: ReturnType<typeof manualClock>;
  /** Issues a key (an event, like in production) and returns its bearer header value. */
  bearer(role: Role, tenant?: string): Promise<string>;
  issue(role: Role, tenant?: string): Promise<IssuedApiKey>;
  close(): Promise<void>;
}

const OPERATOR: Actor = { kind: 'user', id: 'test-operator' };

export async function openTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const dir = await mkdtemp(join(tmpdir(), 'mir-graphql-'));
  const log = createMemoryEventLog(options.limits === undefined ? {} : { limits: options.limits });
  const ledger = await openTestLedger({ log });
  const readModels = openReadModels(join(dir, 'readmodels.db'), log, { pollMs: 50 });
  await readModels.runner.start();
  const clock = manualClock();
  const keys = new ApiKeyService(log, clock, testIds);
  const deps: GraphqlDeps = {
    log,
    ledger,
    queries: readModels.queries,
    runs: new RunCommandService(log, clock, testIds),
    waitForProjection: (position) => readModels.runner.waitFor(position, { timeoutMs: 10_000 }),
    runAsOf: (tenant, runId, asOf) => runAsOf(log, tenant, runId, asOf),
    authenticate: (authorization) => keys.authenticate(authorization),
    verifyLedger: () => verifyLedger(log),
    config: {
      corsOrigins: [],
      maxRequestBytes: DEFAULT_MAX_REQUEST_BYTES,
      graphiql: false,
      development: false,
      ...options.config,
    },
    ...(options.registry === undefined ? {} : { registry: options.registry }),
  };
  const issue = (role: Role, tenant = 'acme') => keys.issue({ role, tenant, label: `${role} key` }, OPERATOR);
  return {
    api: createGraphqlApi(deps),
    deps,
    log,
    ledger,
    readModels,
    keys,
    clock,
    issue,
    bearer: async (role, tenant) => `Bearer ${(await issue(role, tenant)).token}`,
    close: async () => {
      await readModels.close();
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
