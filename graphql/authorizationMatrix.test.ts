/* eslint-disable mir/layer-arrows -- the API tested on the real governance adapters that ops/ builds (Cedar, tools, keys) */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../domain/index.js';
import { ROLES } from '../domain/index.js';
import { EXAMPLE_POLICIES } from '../ops/governance/examplePolicies.js';
import { schema } from './schema.js';
import { gatedPayment, setUpPaymentGate } from './testing/governanceOperations.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import type { GraphqlResponse } from './testing/graphqlRequest.js';
import { startRun } from './testing/runOperations.js';
import { firstSseResult } from './testing/sseRequest.js';
import { affineModel } from './testing/testModels.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';
import { uploadThroughYoga } from './testing/uploads.js';

/** What a root field's operation needs: a fresh run of the caller's tenant, and ids of another tenant. */
interface Fixture {
  freshRun(): Promise<string>;
  /** A new event of the caller's tenant and a tree size that holds it. */
  freshEvent(): Promise<{ eventId: string; treeSize: number }>;
  readonly foreignRunId: string;
  readonly foreignEventId: string;
  /** The run of another tenant's approval that is pending (the caller's tenant has one pending too). */
  readonly foreignApprovalRunId: string;
  /** A tool and a model registered by another tenant's admin. */
  readonly foreignTool: string;
  readonly foreignModel: string;
}
interface Operation {
  readonly query: string;
  readonly variables?: Record<string, unknown>;
  /** Sent as a multipart request with this file at `variables.file`. */
  readonly upload?: Uint8Array;
}
interface FieldRule {
  /** The roles that may use the field (the declared policy, written out rather than derived from the code). */
  readonly allowed: readonly Role[];
  readonly operation: (fixture: Fixture) => Promise<Operation> | Operation;
  /** With another tenant's ids, the field must answer as for a missing id; or why the field takes no ids. */
  readonly foreign: ForeignRule | string;
}
interface ForeignRule {
  readonly operation: (fixture: Fixture) => Operation;
  readonly looksMissing: (data: unknown, fixture: Fixture) => boolean;
}

/** The value at `path` inside response data; undefined where the path does not lead. */
function at(value: unknown, ...path: string[]): unknown {
  return path.reduce<unknown>(
    (current, key) =>
      current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined,
    value,
  );
}
const count = (list: unknown) => (Array.isArray(list) ? list.length : -1);

const EVERYONE: readonly Role[] = ['auditor', 'app', 'reviewer', 'admin'];
const WRITERS: readonly Role[] = ['app', 'admin'];
const VERIFIERS: readonly Role[] = ['auditor', 'admin'];
const ADMINS: readonly Role[] = ['admin'];
const LEDGER_WIDE = 'ledger-wide: takes no ids and names no tenant data';

const INFER = `mutation($id: ID!, $x: [TensorInput!]) { requestInference(runId: $id, model: "affine", inputs: $x) {
  __typename } }`;
const X = [{ name: 'x', type: 'float32', dims: [1, 3], data: [1, 2, 3] }];
const TOOL_APPS: readonly Role[] = ['app'];
const REPLAY = `mutation($id: ID!) { replayRun(runId: $id) { __typename ... on RunReplay { verdict } } }`;
const POLICY_READERS: readonly Role[] = ['auditor', 'admin'];
const OWN_TENANT = "reads or changes only the caller's own tenant; takes no ids";
const INVOKE = `mutation($id: ID!) { invokeTool(runId: $id, tool: "kv.get", version: "1", args: { key: "k" }) {
  __typename } }`;
const REPORT = `mutation($id: ID!) { recordToolResult(runId: $id, callId: "c", grantId: "g", output: {}) {
  __typename } }`;
const REGISTER_TOOL = `mutation { registerTool(name: "matrix.echo", version: "1", inputSchema: { type: "object" },
  outputSchema: {}, sideEffect: read, timeoutMs: 1000, execution: app) { __typename } }`;
// An empty transport is refused before any connection: the matrix checks who may ask, not an MCP server.
const REGISTER_MCP = `mutation { registerMcpServer(name: "matrix", transport: {}) { __typename } }`;
const APPROVAL_READERS: readonly Role[] = ['auditor', 'reviewer', 'admin'];
const REVIEWERS: readonly Role[] = ['reviewer'];
const DECIDE = `mutation($id: ID!) { decideApproval(runId: $id, approvalId: "no-such-approval", decision: APPROVE,
  reason: "matrix") { __typename } }`;
const RETRACTORS: readonly Role[] = ['app', 'reviewer', 'admin'];
const ROLLBACK = `mutation($id: ID!) { rollbackRun(runId: $id, toStep: 1, reason: "matrix") { __typename } }`;
const MEMORY_BY_ID =
  "takes a memory id: another tenant's memory answers MemoryNotFoundError (ops/governanceApi covers it)";
const APPLY = `mutation($id: ID!) { applyMemory(runId: $id, memoryId: "no-such-memory") { __typename } }`;
const REGISTERS_OWN = "registers for the caller's own tenant; takes no ids";
/** A list by name: another tenant's tool or model must not be listed. */
const listedByName = (field: 'tools' | 'models', name: (f: Fixture) => string): ForeignRule => ({
  operation: (f) => ({
    query: `query($name: String) { ${field}(name: $name) { name } }`,
    variables: { name: name(f) },
  }),
  looksMissing: (data) => count(at(data, field)) === 0,
});
const ranOn = (field: string, query: string): ForeignRule => ({
  operation: (f) => ({ query, variables: { id: f.foreignRunId } }),
  looksMissing: (data) => at(data, field, '__typename') === 'RunNotFoundError',
});

const FORK = `mutation($id: ID!) { forkRun(runId: $id, atStep: 0, reason: "matrix") { __typename } }`;

const endRun = (field: string, argument: string, value: string): FieldRule => ({
  allowed: WRITERS,
  operation: async (f) => ({
    query: `mutation($id: ID!) { ${field}(runId: $id, ${argument}: ${value}) { __typename } }`,
    variables: { id: await f.freshRun() },
  }),
  foreign: {
    operation: (f) => ({
      query: `mutation($id: ID!) { ${field}(runId: $id, ${argument}: ${value}) { __typename } }`,
      variables: { id: f.foreignRunId },
    }),
    looksMissing: (data) => at(data, field, '__typename') === 'RunNotFoundError',
  },
});

/** Every root field of the schema. A field missing here fails the test: new fields need a declared rule. */
const RULES: Record<string, FieldRule> = {
  'Query.run': {
    allowed: EVERYONE,
    operation: async (f) => ({
      query: `query($id: ID!) { run(id: $id) { id } }`,
      variables: { id: await f.freshRun() },
    }),
    foreign: {
      operation: (f) => ({
        query: `query($id: ID!) { run(id: $id, asOf: 100000) { id } }`,
        variables: { id: f.foreignRunId },
      }),
      looksMissing: (data) => at(data, 'run') === null,
    },
  },
  'Query.runs': {
    allowed: EVERYONE,
    operation: () => ({ query: `{ runs(first: 100) { edges { node { id } } } }` }),
    foreign: {
      operation: () => ({ query: `{ runs(first: 100) { edges { node { id } } } }` }),
      looksMissing: (data, f) =>
        count(at(data, 'runs', 'edges')) > 0 && !JSON.stringify(data).includes(f.foreignRunId),
    },
  },
  'Query.events': {
    allowed: EVERYONE,
    operation: () => ({ query: `{ events(first: 5) { edges { node { id } } } }` }),
    foreign: {
      operation: (f) => ({
        query: `query($id: ID!) { events(runId: $id) { edges { node { id } } } }`,
        variables: { id: f.foreignRunId },
      }),
      looksMissing: (data) => count(at(data, 'events', 'edges')) === 0,
    },
  },
  'Query.ledger': {
    allowed: EVERYONE,
    operation: () => ({
      query: `{ ledger { head origin publicKeys signingKeys { verifierKey retiredAfter current } } }`,
    }),
    foreign: LEDGER_WIDE,
  },
  'Query.verifyLedger': {
    allowed: VERIFIERS,
    operation: () => ({ query: `{ verifyLedger { ok } }` }),
    foreign: LEDGER_WIDE,
  },
  'Query.inclusionProof': {
    allowed: VERIFIERS,
    operation: async (f) => ({
      query: `query($eventId: ID!, $treeSize: Position) { inclusionProof(eventId: $eventId, treeSize: $treeSize) { leafIndex } }`,
      variables: await f.freshEvent(),
    }),
    foreign: {
      operation: (f) => ({
        query: `query($id: ID!) { inclusionProof(eventId: $id) { leafIndex } }`,
        variables: { id: f.foreignEventId },
      }),
      looksMissing: (data) => at(data, 'inclusionProof') === null,
    },
  },
  'Query.explain': {
    allowed: EVERYONE,
    operation: async (f) => ({
      query: `query($eventId: ID!) { explain(eventId: $eventId) { summary } }`,
      variables: { eventId: (await f.freshEvent()).eventId },
    }),
    foreign: {
      operation: (f) => ({
        query: `query($id: ID!) { explain(eventId: $id) { summary } }`,
        variables: { id: f.foreignEventId },
      }),
      // Answered with a NOT_FOUND error, exactly as for an id that exists nowhere.
      looksMissing: (data) => at(data, 'explain') === undefined,
    },
  },
  'Query.evidenceBundle': {
    allowed: VERIFIERS,
    operation: async (f) => {
      const id = await f.freshRun();
      await rt.ledger.checkpointNow(); // a bundle needs its run under a signed checkpoint
      return { query: `query($id: ID!) { evidenceBundle(runId: $id) { sha256 } }`, variables: { id } };
    },
    foreign: {
      operation: (f) => ({
        query: `query($id: ID!) { evidenceBundle(runId: $id) { sha256 } }`,
        variables: { id: f.foreignRunId },
      }),
      // Answered with a NOT_FOUND error, exactly as for a run that exists nowhere.
      looksMissing: (data) => at(data, 'evidenceBundle') === undefined,
    },
  },
  'Query.consistencyProof': {
    allowed: VERIFIERS,
    operation: () => ({ query: `{ consistencyProof(fromSize: 1, toSize: 2) { hashes } }` }),
    foreign: LEDGER_WIDE,
  },
  'Mutation.startRun': {
    allowed: WRITERS,
    operation: () => ({ query: `mutation { startRun(goal: "g", agent: "a") { __typename } }` }),
    foreign: 'creates a run in the caller’s own tenant; takes no ids',
  },
  'Mutation.forkRun': {
    allowed: WRITERS,
    operation: async (f) => ({ query: FORK, variables: { id: await f.freshRun() } }),
    foreign: ranOn('forkRun', FORK),
  },
  'Query.models': {
    allowed: EVERYONE,
    operation: () => ({ query: `{ models { name version sha256 } }` }),
    foreign: listedByName('models', (f) => f.foreignModel),
  },
  'Mutation.registerModel': {
    allowed: ADMINS,
    operation: () => ({
      query: `mutation($file: File!) { registerModel(file: $file, name: "matrix", version: "1") { __typename } }`,
      upload: affineModel(),
    }),
    foreign: REGISTERS_OWN,
  },
  'Mutation.requestInference': {
    allowed: WRITERS,
    operation: async (f) => ({ query: INFER, variables: { id: await f.freshRun(), x: X } }),
    foreign: {
      operation: (f) => ({ query: INFER, variables: { id: f.foreignRunId, x: X } }),
      looksMissing: (data) => at(data, 'requestInference', '__typename') === 'RunNotFoundError',
    },
  },
  'Query.policies': {
    allowed: POLICY_READERS,
    operation: () => ({ query: `{ policies { version } }` }),
    foreign: OWN_TENANT,
  },
  'Query.policyVersions': {
    allowed: POLICY_READERS,
    operation: () => ({ query: `{ policyVersions { version } }` }),
    foreign: OWN_TENANT,
  },
  'Mutation.publishPolicy': {
    allowed: ADMINS,
    operation: () => ({
      query: `mutation($p: String!) { publishPolicy(policies: $p) { __typename } }`,
      variables: { p: EXAMPLE_POLICIES },
    }),
    foreign: OWN_TENANT,
  },
  'Query.tools': {
    allowed: EVERYONE,
    operation: () => ({ query: `{ tools { name version } }` }),
    foreign: listedByName('tools', (f) => f.foreignTool),
  },
  'Mutation.registerTool': {
    allowed: ADMINS,
    operation: () => ({ query: REGISTER_TOOL }),
    foreign: REGISTERS_OWN,
  },
  'Query.mcpServers': {
    allowed: EVERYONE,
    operation: () => ({ query: `{ mcpServers { name } }` }),
    foreign: OWN_TENANT,
  },
  'Mutation.registerMcpServer': {
    allowed: ADMINS,
    operation: () => ({ query: REGISTER_MCP }),
    foreign: REGISTERS_OWN,
  },
  'Mutation.invokeTool': {
    allowed: TOOL_APPS,
    operation: async (f) => ({ query: INVOKE, variables: { id: await f.freshRun() } }),
    foreign: ranOn('invokeTool', INVOKE),
  },
  'Mutation.recordToolResult': {
    allowed: TOOL_APPS,
    operation: async (f) => ({ query: REPORT, variables: { id: await f.freshRun() } }),
    foreign: ranOn('recordToolResult', REPORT),
  },
  'Query.approvals': {
    allowed: APPROVAL_READERS,
    operation: () => ({ query: `{ approvals { approvalId expired } }` }),
    foreign: OWN_TENANT,
  },
  'Subscription.approvals': {
    allowed: APPROVAL_READERS,
    operation: () => ({ query: `subscription { approvals { kind approval { approvalId } } }` }),
    foreign: {
      operation: () => ({ query: `subscription { approvals { approval { runId } } }` }),
      looksMissing: (data, f) => {
        const runId = at(data, 'approvals', 'approval', 'runId');
        return typeof runId === 'string' && runId !== f.foreignApprovalRunId;
      },
    },
  },
  'Mutation.decideApproval': {
    allowed: REVIEWERS,
    operation: async (f) => ({ query: DECIDE, variables: { id: await f.freshRun() } }),
    foreign: ranOn('decideApproval', DECIDE),
  },
  'Query.memories': {
    allowed: EVERYONE,
    operation: () => ({ query: `{ memories(first: 5, text: "x", forUse: true) { edges { node { id } } } }` }),
    foreign: OWN_TENANT,
  },
  'Query.similarMemories': {
    allowed: EVERYONE,
    operation: () => ({ query: `{ similarMemories(text: "x", k: 3) { score } }` }),
    foreign: OWN_TENANT,
  },
  'Mutation.proposeMemory': {
    allowed: WRITERS,
    operation: () => ({
      query: `mutation { proposeMemory(type: fact, scope: tenant, content: "matrix") { __typename } }`,
    }),
    foreign: OWN_TENANT,
  },
  'Mutation.reviewMemory': {
    allowed: REVIEWERS,
    operation: () => ({
      query: `mutation { reviewMemory(memoryId: "no-such-memory", decision: APPROVE, reason: "r") { __typename } }`,
    }),
    foreign: MEMORY_BY_ID,
  },
  'Mutation.retractMemory': {
    allowed: RETRACTORS,
    operation: () => ({
      query: `mutation { retractMemory(memoryId: "no-such-memory", reason: "r") { __typename } }`,
    }),
    foreign: MEMORY_BY_ID,
  },
  'Mutation.applyMemory': {
    allowed: WRITERS,
    operation: async (f) => ({ query: APPLY, variables: { id: await f.freshRun() } }),
    foreign: ranOn('applyMemory', APPLY),
  },
  'Mutation.rollbackRun': {
    allowed: ADMINS,
    operation: async (f) => ({ query: ROLLBACK, variables: { id: await f.freshRun() } }),
    foreign: ranOn('rollbackRun', ROLLBACK),
  },
  'Mutation.haltTenant': {
    allowed: ADMINS,
    // Resumes in the same operation (mutations run in order), so no later rule finds acme halted.
    operation: () => ({
      query: `mutation { haltTenant(reason: "matrix") { halted } resumeTenant(reason: "matrix") { halted } }`,
    }),
    foreign: OWN_TENANT,
  },
  'Mutation.resumeTenant': {
    allowed: ADMINS,
    operation: () => ({ query: `mutation { resumeTenant(reason: "matrix") { halted } }` }),
    foreign: OWN_TENANT,
  },
  'Query.viewer': {
    allowed: EVERYONE,
    operation: () => ({ query: `{ viewer { keyId tenant role label capabilities } }` }),
    foreign: 'answers only about the calling key',
  },
  'Query.tenantStatus': {
    allowed: POLICY_READERS,
    operation: () => ({ query: `{ tenantStatus { tenant halted } }` }),
    foreign: OWN_TENANT,
  },
  'Mutation.replayRun': {
    allowed: ADMINS,
    operation: async (f) => ({ query: REPLAY, variables: { id: await f.freshRun() } }),
    foreign: {
      operation: (f) => ({ query: REPLAY, variables: { id: f.foreignRunId } }),
      looksMissing: (data) => at(data, 'replayRun', '__typename') === 'RunNotFoundError',
    },
  },
  'Mutation.recordStep': endRun('recordStep', 'kind: "k", summary', '"s"'),
  'Mutation.completeRun': endRun('completeRun', 'output', '{ ok: true }'),
  'Mutation.failRun': endRun('failRun', 'reason', '"r"'),
  'Mutation.cancelRun': endRun('cancelRun', 'reason', '"r"'),
  'Subscription.runEvents': {
    allowed: EVERYONE,
    operation: async (f) => ({
      query: `subscription($id: ID!) { runEvents(runId: $id) { type } }`,
      variables: { id: await f.freshRun() },
    }),
    foreign: {
      operation: (f) => ({
        query: `subscription($id: ID!) { runEvents(runId: $id) { type } }`,
        variables: { id: f.foreignRunId },
      }),
      looksMissing: (data) => data === null,
    },
  },
  'Subscription.runUpdates': {
    allowed: EVERYONE,
    operation: () => ({ query: `subscription { runUpdates(fromPosition: 0) { run { id } } }` }),
    foreign: {
      operation: () => ({ query: `subscription { runUpdates(fromPosition: 0) { event { tenant } } }` }),
      looksMissing: (data) => at(data, 'runUpdates', 'event', 'tenant') === 'acme',
    },
  },
  'Subscription.ledgerVerification': {
    allowed: VERIFIERS,
    operation: () => ({ query: `subscription { ledgerVerification(to: 0) { eventsVerified total done } }` }),
    foreign: LEDGER_WIDE,
  },
  'Subscription.ledgerTail': {
    allowed: EVERYONE,
    operation: () => ({ query: `subscription { ledgerTail(fromPosition: 0) { position } }` }),
    foreign: {
      operation: () => ({ query: `subscription { ledgerTail(fromPosition: 0) { tenant } }` }),
      looksMissing: (data) => at(data, 'ledgerTail', 'tenant') === 'acme',
    },
  },
};

type Caller = Role | 'no key' | 'revoked key';
const CALLERS: readonly Caller[] = [...ROLES, 'no key', 'revoked key'];

let rt: TestRuntime;
let fixture: Fixture;
const bearer = new Map<Caller, string | null>();
beforeAll(async () => {
  rt = await openTestRuntime({ inference: {}, governance: true });
  const operator = { actor: { kind: 'user', id: 'test-operator' }, tenant: 'acme' } as const;
  await rt.inference!.registerModel({ bytes: affineModel(), name: 'affine', version: '1' }, operator);
  for (const role of ROLES) bearer.set(role, await rt.bearer(role));
  bearer.set('no key', null);
  const revoked = await rt.issue('admin');
  await rt.keys.revoke(revoked.keyId, 'rotated', { kind: 'user', id: 'test-operator' });
  bearer.set('revoked key', `Bearer ${revoked.token}`);
  const admin = bearer.get('admin')!;
  const foreignAdmin = await rt.bearer('admin', 'globex');
  const foreign = await startRun(rt.api.yoga, foreignAdmin);
  // A pending approval in each tenant: the approvals subscription starts with the queue.
  await setUpPaymentGate(rt.api.yoga, admin);
  await setUpPaymentGate(rt.api.yoga, foreignAdmin);
  await gatedPayment(rt.api.yoga, bearer.get('app')!, 1);
  const foreignApproval = await gatedPayment(rt.api.yoga, await rt.bearer('app', 'globex'), 1);
  const globex = { ...operator, tenant: 'globex' };
  await rt.inference!.registerModel({ bytes: affineModel(1), name: 'globex-model', version: '1' }, globex);
  await rt.governance!.tools.register(
    {
      name: 'globex.only',
      version: '1',
      inputSchema: {},
      outputSchema: {},
      sideEffect: 'read',
      timeoutMs: 1_000,
      execution: 'app',
    },
    globex,
  );
  fixture = {
    freshRun: async () => (await startRun(rt.api.yoga, admin)).run.id,
    freshEvent: async () => {
      const [event] = (await startRun(rt.api.yoga, admin)).events;
      return { eventId: event!.id, treeSize: event!.position + 1 };
    },
    foreignRunId: foreign.run.id,
    foreignEventId: foreign.events[0]!.id,
    foreignApprovalRunId: foreignApproval.runId,
    foreignTool: 'globex.only',
    foreignModel: 'globex-model',
  };
});
afterAll(async () => rt.close());

/** Fields of `Run` that read other rows (the run's forks): every role that may read the run, tenant-scoped. */
const RUN_FIELD_RULES: Record<string, FieldRule> = Object.fromEntries(
  (['forkedFrom { runId step }', 'forks { id }'] as const).map((selection) => {
    const field = selection.split(' ')[0]!;
    const query = `query($id: ID!) { run(id: $id) { id ${selection} } }`;
    const rule: FieldRule = {
      allowed: EVERYONE,
      operation: async (f) => ({ query, variables: { id: await f.freshRun() } }),
      foreign: {
        operation: (f) => ({ query, variables: { id: f.foreignRunId } }),
        looksMissing: (data) => at(data, 'run') === null,
      },
    };
    return [`Run.${field}`, rule];
  }),
);

function rootFields(): string[] {
  return [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()].flatMap((type) =>
    type === null || type === undefined
      ? []
      : Object.keys(type.getFields()).map((field) => `${type.name}.${field}`),
  );
}

async function execute(
  field: string,
  operation: Operation,
  authorization: string | null,
): Promise<GraphqlResponse> {
  const options = { authorization, variables: operation.variables ?? {} };
  if (operation.upload !== undefined)
    return uploadThroughYoga(rt.api.yoga, { query: operation.query, file: operation.upload, ...options });
  return field.startsWith('Subscription.')
    ? firstSseResult(rt.api.yoga, operation.query, options)
    : graphqlRequest(rt.api.yoga, operation.query, options);
}

function outcomeOf(response: GraphqlResponse): string {
  const codes = (response.errors ?? []).map((error) => error.extensions?.code);
  if (codes.includes('UNAUTHENTICATED')) return 'unauthenticated';
  if (codes.includes('FORBIDDEN')) return 'forbidden';
  return codes.length === 0 ? 'allowed' : `error ${JSON.stringify(response.errors)}`;
}

function expectedOutcome(rule: FieldRule, caller: Caller): string {
  if (caller === 'no key' || caller === 'revoked key') return 'unauthenticated';
  return rule.allowed.includes(caller) ? 'allowed' : 'forbidden';
}

describe('authorization matrix', () => {
  it('declares a rule for every root field of the schema, and no rule for a field that does not exist', () => {
    expect(Object.keys(RULES).sort()).toEqual(rootFields().sort());
  });

  it.each([...rootFields(), ...Object.keys(RUN_FIELD_RULES)])(
    '%s answers every caller as declared',
    async (field) => {
      const rule = RULES[field] ?? RUN_FIELD_RULES[field];
      expect(rule, `no authorization rule declared for ${field}`).toBeDefined();
      const actual: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const caller of CALLERS) {
        const response = await execute(field, await rule!.operation(fixture), bearer.get(caller)!);
        actual[caller] = outcomeOf(response);
        expected[caller] = expectedOutcome(rule!, caller);
      }
      expect(actual).toEqual(expected);
    },
  );

  it.each([...rootFields(), ...Object.keys(RUN_FIELD_RULES)])(
    "%s answers another tenant's ids as if they did not exist",
    async (field) => {
      const rule = (RULES[field] ?? RUN_FIELD_RULES[field])!;
      if (typeof rule.foreign === 'string') return;
      const caller = rule.allowed.includes('admin') ? 'admin' : rule.allowed[0]!;
      const response = await execute(field, rule.foreign.operation(fixture), bearer.get(caller)!);
      const notFound = (response.errors ?? []).some((error) => error.extensions?.code === 'NOT_FOUND');
      expect(response.errors?.some((error) => error.extensions?.code !== 'NOT_FOUND')).not.toBe(true);
      expect(notFound || rule.foreign.looksMissing(response.data ?? null, fixture)).toBe(true);
    },
  );
});
