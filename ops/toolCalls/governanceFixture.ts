import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {
  ApprovalLimits,
  GovernedOrigin,
  KillSwitch,
  RecordedEvent,
  RiskScorer,
  Role,
} from '../../domain/index.js';
import {
  ApprovalService,
  NO_KILL_SWITCH,
  PolicyService,
  RunCommandService,
  SYSTEM_TENANT,
  ToolCallService,
  ToolRegistry,
} from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import type { SqliteEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { CedarPolicyEvaluator, sha256PolicyDigester } from '../governance/index.js';
import { EXAMPLE_POLICIES } from '../governance/examplePolicies.js';
import {
  AjvSchemaValidator,
  KV_TOOL_DEFINITIONS,
  SqliteKvStore,
  createRuntimeToolExecutor,
  kvToolHandlers,
} from '../tools/index.js';
import { sha256Digester } from './sha256Digester.js';

/** The example policies plus one approval gate on a runtime tool: writes to `prod*` keys need a reviewer. */
export const GOVERNANCE_TEST_POLICIES = `${EXAMPLE_POLICIES}
@id("prod-keys-gate") @approval("required") @reason("writes to prod keys need a human")
forbid(principal, action, resource)
when { resource.name == "kv.put" && context.args.hasTag("key") && context.args.getTag("key") like "prod*" };
`;

/**
 * A deterministic stand-in for the risk classifier (documented as such: it is not a model). It scores every
 * request 0.1 and names itself, so recorded decisions carry a model reference; the real scorer runs the shipped
 * risk-classifier through the inference engine.
 */
export const CONSTANT_RISK_SCORER: RiskScorer = {
  score: () =>
    Promise.resolve({
      score: 0.1,
      model: { name: 'constant-test-risk', version: '1', sha256: '0'.repeat(64) },
    }),
};

export const origin = (id: string, role: Role, tenant = 'acme'): GovernedOrigin => ({
  actor: { kind: 'service', id },
  tenant,
  role,
});
export const APP = origin('key-app', 'app');
export const REVIEWER = origin('key-reviewer', 'reviewer');

/**
 * Everything real over one temporary directory: SQLite ledger, ajv, Cedar, the kv tools on a SQLite file, the
 * registry with the built-in kv.* and acme's app-executed `payments.send` and `shell.exec`, and the test policy
 * set published for acme.
 */
export async function openGovernance(
  options: { killSwitch?: KillSwitch; maxToolCalls?: number; approvalLimits?: ApprovalLimits } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'mir-toolcalls-'));
  const log: SqliteEventLog = openSqliteEventLog(join(dir, 'ledger.db'));
  const store = new SqliteKvStore(join(dir, 'kv.db'));
  const clock = manualClock();
  const schemas = new AjvSchemaValidator();
  const tools = new ToolRegistry({ log, clock, ids: testIds, schemas });
  const admin = origin('key-admin', 'admin');
  // The kv tools are built-ins, as the server registers them; the others are acme's own.
  const system = { actor: { kind: 'system', id: 'mir' }, tenant: SYSTEM_TENANT } as const;
  for (const definition of KV_TOOL_DEFINITIONS) await tools.register(definition, system);
  const app = {
    inputSchema: { type: 'object' },
    outputSchema: { type: 'object' },
    timeoutMs: 1_000,
  } as const;
  const irreversible = { ...app, sideEffect: 'irreversible', execution: 'app', version: '1' } as const;
  await tools.register({ ...irreversible, name: 'payments.send', riskTags: ['payment'] }, admin);
  await tools.register({ ...irreversible, name: 'shell.exec' }, admin);
  const evaluator = new CedarPolicyEvaluator({ validateRequests: true });
  const policies = new PolicyService({ log, clock, ids: testIds, evaluator, digester: sha256PolicyDigester });
  await policies.publish({ policies: GOVERNANCE_TEST_POLICIES, description: 'tests' }, admin);
  const killSwitch = options.killSwitch ?? NO_KILL_SWITCH;
  const common = { log, clock, ids: testIds, killSwitch };
  const executor = createRuntimeToolExecutor(kvToolHandlers(store));
  const deps = { ...common, tools, schemas, executor, policies, digester: sha256Digester };
  const limits = options.approvalLimits === undefined ? {} : { approvalLimits: options.approvalLimits };
  const toolCalls = new ToolCallService({ ...deps, ...limits, riskScorer: CONSTANT_RISK_SCORER });
  const approvals = new ApprovalService(common);
  const runs = new RunCommandService(log, clock, testIds);
  const startRun = async (budget: { maxToolCalls?: number } = {}, tenant = 'acme') => {
    const runOrigin = { ...APP, tenant };
    const runId = runs.newRunId(runOrigin);
    await runs.execute({ type: 'StartRun', runId, goal: 'g', agent: 'a', input: null, budget }, runOrigin);
    // The example policies let apps call reversible tools only in a running run.
    await runs.execute(
      { type: 'RecordStep', runId, kind: 'plan', summary: 'plan', payload: null },
      runOrigin,
    );
    return runId;
  };
  const stream = (runId: string): Promise<RecordedEvent[]> => log.readStream(`run-${runId}`);
  const dispose = async () => {
    await log.close();
    store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  return {
    dir,
    log,
    store,
    clock,
    tools,
    policies,
    toolCalls,
    approvals,
    runs,
    startRun,
    stream,
    deps,
    dispose,
  };
}

export type Governance = Awaited<ReturnType<typeof openGovernance>>;

/** Types of the run's events after its start and first step. */
export function typesAfterStart(events: readonly RecordedEvent[]): string[] {
  return events.slice(2).map((event) => event.type);
}

/** A read-only, app-executed tool definition (the app runs it with a grant), optionally rate limited. */
export function appReadTool(name: string, rateLimit?: { calls: number; perMs: number }) {
  return {
    name,
    version: '1',
    inputSchema: { type: 'object' },
    outputSchema: { type: 'object' },
    sideEffect: 'read',
    execution: 'app',
    timeoutMs: 1_000,
    ...(rateLimit === undefined ? {} : { rateLimit }),
  } as const;
}
