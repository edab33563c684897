/* eslint-disable mir/layer-arrows -- the test runtime composes the real adapters ops/ builds, as the server does (tests only) */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Registry } from 'prom-client';
import {
  RefusalRecorder,
  RunCommandService,
  RunForkService,
  TenantControlService,
} from '../../domain/index.js';
import type { Actor, ApprovalLimits, CompletionEngine, EventLog, Role } from '../../domain/index.js';
import type { OrtInferenceEngineOptions } from '../../inference/engine/engineOptions.js';
import { OrtInferenceEngine, systemTimer } from '../../inference/index.js';
import type { InferenceRuntime } from '../../inference/index.js';
import { createMemoryEventLog, FileBlobStore, openSqliteEventLog, verifyLedger } from '../../ledger/index.js';
import type { Ledger, LedgerLimits } from '../../ledger/index.js';
import { manualClock, openTestLedger, testIds } from '../../ledger/testing/testLedger.js';
import { ApiKeyService } from '../../ops/access/apiKeyService.js';
import type { IssuedApiKey } from '../../ops/access/apiKeyService.js';
import { openGovernance } from '../../ops/governance/composeGovernance.js';
import { sha256Digester } from '../../ops/toolCalls/sha256Digester.js';
import { policyTextsById } from '../../ops/governance/index.js';
import { openReplay } from '../../ops/replay/openReplay.js';
import type { Governance, GovernanceSettings } from '../../ops/governance/composeGovernance.js';
import { openReadModels, runAsOf } from '../../projections/index.js';
import type { ReadModels } from '../../projections/index.js';
import { CompletionDeltaHub } from '../subscriptions/completionDeltaHub.js';
import { createGraphqlApi } from '../createGraphqlApi.js';
import type { GraphqlApi } from '../createGraphqlApi.js';
import { DEFAULT_MAX_REQUEST_BYTES } from '../graphqlDeps.js';
import type { ConfiguredWitness, GraphqlConfig, GraphqlDeps } from '../graphqlDeps.js';
import { openTestInference } from './testInference.js';

export interface TestRuntimeOptions {
  readonly config?: Partial<GraphqlConfig>;
  readonly limits?: Partial<LedgerLimits>;
  readonly registry?: Registry;
  /** The event log: in memory (the default) or a SQLite ledger file in the runtime's temporary folder. */
  readonly store?: 'memory' | 'sqlite';
  /** When given, a real inference runtime (ONNX Runtime worker threads on CPU) with these engine options. */
  readonly inference?: OrtInferenceEngineOptions;
  /**
   * When true, governance as the server composes it (built-in tools, Cedar, the shipped risk classifier and
   * embedder on a CPU engine of its own) and the tenant kill switch, which governance also checks.
   */
  readonly governance?: boolean;
  /** Governance settings beyond the defaults (policy limits, …), when `governance` is on. */
  readonly governanceSettings?: Omit<GovernanceSettings, 'httpAllowedHosts'>;
  /** Caps on pending approvals for that governance (default: the server's defaults). */
  readonly approvalLimits?: ApprovalLimits;
  /** `host:port` pairs the built-in http.* tools may reach (default: none). */
  readonly httpAllowedHosts?: readonly string[];
  /** The adapter governed completions call (default: the OpenAI-compatible one with its default pacing). */
  readonly completionEngine?: CompletionEngine;
  /** The witnesses `ledger { witnesses }` names (default: none). */
  readonly witnesses?: readonly ConfiguredWitness[];
}

/**
 * The API over real parts: an event log (in memory or SQLite), a ledger, the SQLite read models and their runner,
 * API keys and, when asked for, the inference runtime with real ONNX Runtime workers.
 */
export interface TestRuntime {
  readonly api: GraphqlApi;
  readonly deps: GraphqlDeps;
  readonly log: EventLog;
  readonly ledger: Ledger;
  readonly readModels: ReadModels;
  readonly keys: ApiKeyService;
  readonly clock: ReturnType<typeof manualClock>;
  readonly inference?: InferenceRuntime;
  readonly governance?: Governance;
  readonly tenants: TenantControlService;
  /** Records refusals (60 s coalescing windows on real timers): `flush()` writes what open windows counted. */
  readonly refusals: RefusalRecorder;
  /** Issues a key (an event, like in production) and returns its bearer header value. */
  bearer(role: Role, tenant?: string): Promise<string>;
  issue(role: Role, tenant?: string): Promise<IssuedApiKey>;
  close(): Promise<void>;
}

const OPERATOR: Actor = { kind: 'user', id: 'test-operator' };

export async function openTestRuntime(options: TestRuntimeOptions = {}): Promise<TestRuntime> {
  const dir = await mkdtemp(join(tmpdir(), 'mir-graphql-'));
  const limits = options.limits === undefined ? {} : { limits: options.limits };
  const log =
    options.store === 'sqlite'
      ? openSqliteEventLog(join(dir, 'ledger.db'), limits)
      : createMemoryEventLog(limits);
  const ledger = await openTestLedger({ log });
  const readModels = openReadModels(join(dir, 'readmodels.db'), log, { pollMs: 50 });
  await readModels.runner.start();
  const clock = manualClock();
  const refusals = new RefusalRecorder(log, clock, testIds, { timer: systemTimer });
  const tenants = new TenantControlService(log, clock, testIds, refusals);
  const inference =
    options.inference === undefined
      ? undefined
      : openTestInference({
          log,
          clock,
          modelsDir: join(dir, 'models'),
          engine: options.inference,
          killSwitch: tenants,
        });
  const keys = new ApiKeyService(log, clock, testIds);
  const engine =
    options.governance === true ? new OrtInferenceEngine({ workers: 1, executionProviders: ['cpu'] }) : null;
  const completionDeltas = new CompletionDeltaHub();
  const governance =
    engine === null
      ? undefined
      : await openGovernance({
          log,
          clock,
          ids: testIds,
          killSwitch: tenants,
          engine,
          dataDir: join(dir, 'tools'),
          readModels,
          ...(options.completionEngine === undefined ? {} : { completionEngine: options.completionEngine }),
          // With a SQLite ledger, blobs are files beside it, as the server keeps them.
          ...(options.store === 'sqlite' ? { blobs: new FileBlobStore(join(dir, 'blobs')) } : {}),
          onCompletionDelta: (delta) => completionDeltas.publish(delta),
          settings: {
            httpAllowedHosts: options.httpAllowedHosts ?? [],
            ...(options.approvalLimits === undefined ? {} : { approvalLimits: options.approvalLimits }),
            ...options.governanceSettings,
          },
        });
  const deps: GraphqlDeps = {
    log,
    ledger,
    queries: readModels.queries,
    // The kill switch is checked by run commands as in the server (`mirRuntime.ts`).
    runs: new RunCommandService(log, clock, testIds, 5, tenants),
    forks: new RunForkService({ log, clock, ids: testIds, digester: sha256Digester, killSwitch: tenants }),
    replay: openReplay({
      log,
      clock,
      ids: testIds,
      killSwitch: tenants,
      readModels,
      ...(inference === undefined ? {} : { inference }),
      ...(governance === undefined ? {} : { governance }),
    }),
    clock,
    refusals,
    completionDeltas,
    ...(options.witnesses === undefined ? {} : { witnesses: options.witnesses }),
    ...(inference === undefined ? {} : { inference }),
    ...(governance === undefined ? {} : { governance, tenants, blobs: governance.blobs }),
    waitForProjection: (position) => readModels.runner.waitFor(position, { timeoutMs: 10_000 }),
    runAsOf: (tenant, runId, asOf) => runAsOf(log, tenant, runId, asOf),
    splitPolicies: policyTextsById(),
    authenticate: (authorization) => keys.authenticate(authorization),
    // In process, over the same log (the server runs the same verifier on a worker thread: ops/runtime).
    verifyLedger: (range, watch = {}) =>
      verifyLedger(log, {
        ...(range.toPosition === undefined ? {} : { toPosition: range.toPosition }),
        ...watch,
      }),
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
    ...(inference === undefined ? {} : { inference }),
    ...(governance === undefined ? {} : { governance }),
    tenants,
    refusals,
    issue,
    bearer: async (role, tenant) => `Bearer ${(await issue(role, tenant)).token}`,
    close: async () => {
      await refusals.flush();
      await inference?.close();
      await governance?.close();
      await engine?.close();
      await readModels.close();
      await ledger.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
