/* eslint-disable mir/layer-arrows -- the API tested on the real governance adapters that ops/ builds (Cedar, tools, keys) */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../domain/index.js';
import { EXAMPLE_POLICIES } from '../ops/governance/examplePolicies.js';
import { schema } from './schema.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import type { GraphqlResponse } from './testing/graphqlRequest.js';
import { startRun } from './testing/runOperations.js';
import { affineModel } from './testing/testModels.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';
import { uploadThroughYoga } from './testing/uploads.js';

// The tenant kill switch against every mutation of the schema: while a tenant is halted, each one is refused
// with TENANT_HALTED and the refusal recorded (TenantActionRefused on refusals-<tenant>: who, which action) —
// admin actions included — except cancelRun and resumeTenant. A mutation missing from RULES fails the first test,
// so a new mutation cannot forget the switch.

interface Operation {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** Sent as a multipart request with this file at `variables.file`. */
  readonly upload?: Uint8Array;
}
interface Rule {
  /** A role that may call the mutation. */
  readonly role: Role;
  /** Built while the tenant is still active (fresh runs cannot be started during a halt). */
  readonly operation: (freshRun: () => Promise<string>) => Promise<Operation> | Operation;
  /** The action the refusal records; null for the two mutations a halt lets through. */
  readonly refused: string | null;
}

const onRun =
  (query: string) =>
  async (freshRun: () => Promise<string>): Promise<Operation> => ({
    query,
    variables: { id: await freshRun() },
  });

const RULES: Record<string, Rule> = {
  startRun: {
    role: 'app',
    operation: () => ({ query: `mutation { startRun(goal: "g", agent: "a") { __typename } }` }),
    refused: 'StartRun',
  },
  recordStep: {
    role: 'app',
    operation: onRun(`mutation($id: ID!) { recordStep(runId: $id, kind: "k", summary: "s") { __typename } }`),
    refused: 'RecordStep',
  },
  completeRun: {
    role: 'app',
    operation: onRun(`mutation($id: ID!) { completeRun(runId: $id, output: { ok: true }) { __typename } }`),
    refused: 'CompleteRun',
  },
  failRun: {
    role: 'app',
    operation: onRun(`mutation($id: ID!) { failRun(runId: $id, reason: "r") { __typename } }`),
    refused: 'FailRun',
  },
  cancelRun: {
    role: 'app',
    operation: onRun(`mutation($id: ID!) { cancelRun(runId: $id, reason: "halted") { __typename } }`),
    refused: null,
  },
  requestInference: {
    role: 'app',
    operation: onRun(`mutation($id: ID!) { requestInference(runId: $id, model: "affine",
      inputs: [{ name: "x", type: float32, dims: [1, 3], data: [1, 2, 3] }]) { __typename } }`),
    refused: 'RequestInference',
  },
  invokeTool: {
    role: 'app',
    operation: onRun(`mutation($id: ID!) { invokeTool(runId: $id, tool: "kv.get", version: "1",
      args: { key: "k" }) { __typename } }`),
    refused: 'InvokeTool',
  },
  recordToolResult: {
    role: 'app',
    operation: onRun(`mutation($id: ID!) { recordToolResult(runId: $id, callId: "c", grantId: "g",
      output: {}) { __typename } }`),
    refused: 'RecordToolResult',
  },
  decideApproval: {
    role: 'reviewer',
    operation: onRun(`mutation($id: ID!) { decideApproval(runId: $id, approvalId: "a", decision: APPROVE,
      reason: "r") { __typename } }`),
    refused: 'DecideApproval',
  },
  rollbackRun: {
    role: 'admin',
    operation: onRun(`mutation($id: ID!) { rollbackRun(runId: $id, toStep: 1, reason: "r") { __typename } }`),
    refused: 'RollbackRun',
  },
  proposeMemory: {
    role: 'app',
    operation: () => ({
      query: `mutation { proposeMemory(type: fact, scope: tenant, content: "c") { __typename } }`,
    }),
    refused: 'ProposeMemory',
  },
  reviewMemory: {
    role: 'reviewer',
    operation: () => ({
      query: `mutation { reviewMemory(memoryId: "m", decision: APPROVE, reason: "r") { __typename } }`,
    }),
    refused: 'ReviewMemory',
  },
  retractMemory: {
    role: 'admin',
    operation: () => ({ query: `mutation { retractMemory(memoryId: "m", reason: "r") { __typename } }` }),
    refused: 'RetractMemory',
  },
  applyMemory: {
    role: 'app',
    operation: onRun(`mutation($id: ID!) { applyMemory(runId: $id, memoryId: "m") { __typename } }`),
    refused: 'ApplyMemory',
  },
  publishPolicy: {
    role: 'admin',
    operation: () => ({
      query: `mutation($p: String!) { publishPolicy(policies: $p) { __typename } }`,
      variables: { p: EXAMPLE_POLICIES },
    }),
    refused: 'PublishPolicy',
  },
  registerTool: {
    role: 'admin',
    operation: () => ({
      query: `mutation { registerTool(name: "halt.echo", version: "1", inputSchema: { type: "object" },
        outputSchema: {}, sideEffect: read, timeoutMs: 1000, execution: app) { __typename } }`,
    }),
    refused: 'RegisterTool',
  },
  registerMcpServer: {
    role: 'admin',
    // The kill switch answers before the registration is even read: no MCP server is needed.
    operation: () => ({
      query: `mutation { registerMcpServer(name: "halted", transport: {}) { __typename } }`,
    }),
    refused: 'RegisterMcpServer',
  },
  registerEngine: {
    role: 'admin',
    operation: () => ({
      query: `mutation { registerEngine(name: "halted", kind: openai_compatible, baseUrl: "http://127.0.0.1:9/v1",
        model: "m", locality: local, timeoutMs: 1000, maxRetries: 0) { __typename } }`,
    }),
    refused: 'RegisterEngine',
  },
  requestCompletion: {
    role: 'app',
    // The kill switch answers before the engine is looked up: no engine is needed.
    operation: onRun(`mutation($id: ID!) { requestCompletion(runId: $id, engine: "none",
      messages: [{ role: "user", content: "hi" }]) { __typename } }`),
    refused: 'RequestCompletion',
  },
  requestEmbeddings: {
    role: 'app',
    operation: onRun(`mutation($id: ID!) { requestEmbeddings(runId: $id, engine: "none", inputs: ["hi"]) {
      __typename } }`),
    refused: 'RequestEmbeddings',
  },
  registerModel: {
    role: 'admin',
    operation: () => ({
      query: `mutation($file: File!) { registerModel(file: $file, name: "halted", version: "1") { __typename } }`,
      upload: affineModel(),
    }),
    refused: 'RegisterModel',
  },
  haltTenant: {
    role: 'admin',
    operation: () => ({ query: `mutation { haltTenant(reason: "again") { halted } }` }),
    refused: 'HaltTenant',
  },
  forkRun: {
    role: 'app',
    operation: onRun(`mutation($id: ID!) { forkRun(runId: $id, atStep: 0, reason: "r") { __typename } }`),
    refused: 'ForkRun',
  },
  replayRun: {
    role: 'admin',
    operation: onRun(`mutation($id: ID!) { replayRun(runId: $id) { __typename } }`),
    refused: 'ReplayRun',
  },
  resumeTenant: {
    role: 'admin',
    operation: () => ({ query: `mutation { resumeTenant(reason: "over") { halted } }` }),
    refused: null,
  },
};

const OPERATOR = { actor: { kind: 'user', id: 'test-operator' }, tenant: 'acme' } as const;

let rt: TestRuntime;
const callers = new Map<Role, { bearer: string; keyId: string }>();

beforeAll(async () => {
  rt = await openTestRuntime({ inference: {}, governance: true });
  await rt.inference!.registerModel({ bytes: affineModel(), name: 'affine', version: '1' }, OPERATOR);
  for (const role of ['app', 'reviewer', 'admin'] as const) {
    const key = await rt.issue(role);
    callers.set(role, { bearer: `Bearer ${key.token}`, keyId: key.keyId });
  }
});
afterAll(async () => rt.close());
beforeEach(async () => {
  if ((await rt.tenants.status('acme')).halted !== null)
    await rt.tenants.resume('acme', 'next case', OPERATOR);
});

const mutations = () => Object.keys(schema.getMutationType()!.getFields()).sort();

function execute(operation: Operation, authorization: string): Promise<GraphqlResponse> {
  const options = { authorization, variables: operation.variables ?? {} };
  return operation.upload === undefined
    ? graphqlRequest(rt.api.yoga, operation.query, options)
    : uploadThroughYoga(rt.api.yoga, { query: operation.query, file: operation.upload, ...options });
}

describe('kill switch over every mutation', () => {
  it('declares a rule for every mutation of the schema, and none for a mutation that does not exist', () => {
    expect(Object.keys(RULES).sort()).toEqual(mutations());
  });

  it.each(mutations())(
    'given a halted tenant, then %s is refused and the refusal recorded, or goes through as declared',
    async (field) => {
      const rule = RULES[field];
      expect(rule, `no kill-switch rule declared for ${field}`).toBeDefined();
      const caller = callers.get(rule!.role)!;
      const freshRun = async () => (await startRun(rt.api.yoga, callers.get('app')!.bearer)).run.id;
      const operation = await rule!.operation(freshRun);
      await rt.tenants.halt('acme', 'incident', OPERATOR);
      const before = (await rt.log.readStream('refusals-acme')).length;

      const response = await execute(operation, caller.bearer);

      const refusals = await rt.log.readStream('refusals-acme');
      if (rule!.refused === null) {
        expect(response.errors).toBeUndefined();
        expect(refusals).toHaveLength(before);
        return;
      }
      expect(response.errors?.map((error) => error.extensions?.code)).toEqual(['TENANT_HALTED']);
      expect(refusals).toHaveLength(before + 1);
      const recorded = refusals.at(-1)!;
      expect(recorded).toMatchObject({
        type: 'TenantActionRefused',
        meta: { tenant: 'acme', actor: { id: caller.keyId } },
        data: { action: rule!.refused, reason: 'TENANT_HALTED', haltReason: 'incident' },
      });
      expect(response.errors![0]!.extensions).toMatchObject({ details: { refusalEventId: recorded.id } });
    },
  );
});
