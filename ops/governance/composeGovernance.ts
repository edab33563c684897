import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type {
  ApprovalLimits,
  Clock,
  EventLog,
  GovernedOrigin,
  IdGenerator,
  InferenceEngine,
  KillSwitch,
  PolicyLimits,
} from '../../domain/index.js';
import {
  ApprovalQueue,
  ApprovalService,
  McpServerService,
  MemoryService,
  PolicyService,
  SYSTEM_TENANT,
  RollbackService,
  ToolCallService,
  ToolRegistry,
} from '../../domain/index.js';
import type { ReadModels } from '../../projections/index.js';
import { auditIndexSourceEvents, ModelTextEmbedder, sha256ContentDigester } from '../memory/index.js';
import { ModelRiskScorer } from '../toolCalls/modelRiskScorer.js';
import { sha256Digester } from '../toolCalls/sha256Digester.js';
import {
  AjvSchemaValidator,
  HTTP_TOOL_DEFINITIONS,
  KV_TOOL_DEFINITIONS,
  SqliteKvStore,
  createRuntimeToolExecutor,
  httpToolHandlers,
  kvToolHandlers,
} from '../tools/index.js';
import { McpClientPool, createMcpToolExecutor } from '../mcp/index.js';
import { createDispatchingToolExecutor } from '../tools/index.js';
import { CedarPolicyEvaluator } from './cedarPolicyEvaluator.js';
import { sha256PolicyDigester } from './policyDigester.js';

export interface GovernanceSettings {
  /** `host:port` pairs the built-in http.get / http.post tools may reach (none: every request refused). */
  readonly httpAllowedHosts: readonly string[];
  /**
   * How long a reviewer has to decide a gated call, and how long the grant of an approved one stays usable
   * (`MIR_APPROVAL_TTL_MS`; default 15 minutes each).
   */
  readonly approvalTtlMs?: number;
  readonly toolGrantTtlMs?: number;
  /** What a published policy text may be before Cedar sees it (default `DEFAULT_POLICY_LIMITS`). */
  readonly policyLimits?: PolicyLimits;
  /** Caps on pending approvals per run and per tenant (default `DEFAULT_APPROVAL_LIMITS`: 32 and 1,000). */
  readonly approvalLimits?: ApprovalLimits;
}

export interface GovernanceDependencies {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly killSwitch: KillSwitch;
  /** The engine that runs the shipped risk classifier and text embedder. */
  readonly engine: InferenceEngine;
  /** Where the built-in key-value tool keeps its SQLite file. */
  readonly dataDir: string;
  /**
   * The read models, started: memory resolves provenance ids in their audit index, waiting on their runner when
   * an id is not indexed yet (so they must be open before governance is composed, and closed after it).
   */
  readonly readModels: Pick<ReadModels, 'queries' | 'runner'>;
  readonly settings: GovernanceSettings;
}

/** Tools, policies, approvals and memory, composed over one ledger: what the API's governance fields call. */
export interface Governance {
  readonly tools: ToolRegistry;
  readonly toolCalls: ToolCallService;
  readonly approvals: ApprovalService;
  readonly approvalQueue: ApprovalQueue;
  readonly policies: PolicyService;
  readonly memory: MemoryService;
  readonly embedder: ModelTextEmbedder;
  /** Rollbacks: compensations run through `toolCalls` (the same governed path as any call). */
  readonly rollback: RollbackService;
  /** MCP servers whose tools are imported into `tools` and called through `toolCalls`. */
  readonly mcp: McpServerService;
  /** Closes the kv store and the MCP clients (stopping the stdio servers MIR spawned). */
  close(): Promise<void>;
}

const SYSTEM_ORIGIN: GovernedOrigin = {
  actor: { kind: 'system', id: 'mir' },
  // Registered by the system tenant: built-ins, which every tenant sees.
  tenant: SYSTEM_TENANT,
  role: 'admin',
};

/**
 * Composes governance with its real adapters: ajv schemas, Cedar policies, the built-in kv.* tools (SQLite file
 * `<data>/tools/kv.db`) and http.* tools (allow-listed hosts), the shipped risk classifier as a policy input and
 * the shipped text embedder for memory, whose provenance ids are resolved in the read models' audit index. The
 * built-in tools are registered once (same definition: no new event).
 */
export async function openGovernance(deps: GovernanceDependencies): Promise<Governance> {
  const { log, clock, ids, killSwitch, engine, readModels, settings } = deps;
  const schemas = new AjvSchemaValidator();
  const tools = new ToolRegistry({ log, clock, ids, schemas, killSwitch });
  for (const definition of [...KV_TOOL_DEFINITIONS, ...HTTP_TOOL_DEFINITIONS])
    await tools.register(definition, SYSTEM_ORIGIN);
  const embedder = await ModelTextEmbedder.shipped(engine);
  const riskScorer = await ModelRiskScorer.shipped(engine);
  // The store is opened last: nothing after it can fail and leave it open (the caller closes it through close()).
  mkdirSync(deps.dataDir, { recursive: true, mode: 0o700 });
  const store = new SqliteKvStore(join(deps.dataDir, 'kv.db'));
  const handlers = new Map([
    ...kvToolHandlers(store),
    ...httpToolHandlers({ allowedHosts: [...settings.httpAllowedHosts] }),
  ]);
  const policies = new PolicyService({
    log,
    clock,
    ids,
    evaluator: new CedarPolicyEvaluator(),
    digester: sha256PolicyDigester,
    killSwitch,
    ...(settings.policyLimits === undefined ? {} : { limits: settings.policyLimits }),
  });
  const common = { log, clock, ids, killSwitch };
  const { mcp, mcpPool, mcpExecutor } = composeMcp({ ...common, tools, schemas });
  // One queue for reviewers and for the tenant cap on pending approvals: one fold of the ledger, not two.
  const approvalQueue = new ApprovalQueue(log);
  const toolCalls = new ToolCallService({
    ...common,
    tools,
    schemas,
    // One dispatch by execution mode: built-ins run here, imported MCP tools on their servers.
    executor: createDispatchingToolExecutor({
      runtime: createRuntimeToolExecutor(handlers),
      mcp: mcpExecutor,
    }),
    policies,
    digester: sha256Digester,
    riskScorer,
    ...(settings.approvalTtlMs === undefined ? {} : { approvalTtlMs: settings.approvalTtlMs }),
    ...(settings.toolGrantTtlMs === undefined ? {} : { toolGrantTtlMs: settings.toolGrantTtlMs }),
    ...(settings.approvalLimits === undefined ? {} : { approvalLimits: settings.approvalLimits }),
    approvalQueue,
  });
  const rollback = new RollbackService({ ...common, digester: sha256Digester, policies, toolCalls });
  return {
    tools,
    policies,
    embedder,
    toolCalls,
    rollback,
    approvals: new ApprovalService({
      ...common,
      ...(settings.approvalTtlMs === undefined ? {} : { grantTtlMs: settings.approvalTtlMs }),
    }),
    approvalQueue,
    memory: new MemoryService({
      ...common,
      digester: sha256ContentDigester,
      embedder,
      sourceEvents: auditIndexSourceEvents({ log, queries: readModels.queries, runner: readModels.runner }),
    }),
    mcp,
    close: async () => {
      store.close();
      await mcpPool.close();
    },
  };
}

/**
 * The MCP client side: one pool of SDK clients (a changed tool list a server announces is recorded through the
 * registry of servers), the registry, and the executor of imported tools.
 */
function composeMcp(
  deps: Pick<GovernanceDependencies, 'log' | 'clock' | 'ids' | 'killSwitch'> & {
    tools: ToolRegistry;
    schemas: AjvSchemaValidator;
  },
) {
  const mcpPool = new McpClientPool({
    // A change that cannot be recorded now is recorded by the next call, which compares digests again first.
    onToolsChanged: (endpoint, listed) =>
      void mcp.observe(endpoint.tenant, endpoint.name, listed).catch(() => undefined),
  });
  const mcp: McpServerService = new McpServerService({
    ...deps,
    digester: sha256Digester,
    connector: mcpPool,
  });
  const mcpExecutor = createMcpToolExecutor({ servers: mcp, pool: mcpPool, digester: sha256Digester });
  return { mcp, mcpPool, mcpExecutor };
}
