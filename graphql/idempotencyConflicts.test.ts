import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from './schema.js';
import {
  gatedPayment,
  INVOKE,
  PAYMENT_GATE_POLICIES,
  setUpPaymentGate,
} from './testing/governanceOperations.js';
import type { GatedCall } from './testing/governanceOperations.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import type { GraphqlResponse } from './testing/graphqlRequest.js';
import { recordStep, startRun } from './testing/runOperations.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

// Reusing an idempotency key with other arguments is IDEMPOTENCY_CONFLICT on every mutation that takes a key: the
// command appends nothing, and the refusal is recorded (`AccessRefused` on `refusals-<tenant>`, reason
// IDEMPOTENCY_CONFLICT). The mutations are enumerated from the schema: a new one needs a case here.

/**
 * What a case may build on: a running run of the app's tenant, memory proposed (and approved), a payment call
 * waiting for a reviewer, and one a reviewer approved and the app resumed (holding its grant), through the API.
 */
interface Fixture {
  readonly runId: string;
  readonly proposed: () => Promise<string>;
  readonly approved: () => Promise<string>;
  readonly gated: () => Promise<GatedCall>;
  readonly granted: () => Promise<Granted>;
}

interface Granted {
  readonly runId: string;
  readonly callId: string;
  readonly grantId: string;
}

type Variables = Record<string, unknown>;

/** A mutation's document (its key as `$key`), who sends it, and two argument sets differing in all but the key. */
interface Case {
  readonly document: string;
  readonly as?: 'app' | 'admin' | 'reviewer';
  readonly variables: (
    fixture: Fixture,
  ) => readonly [Variables, Variables] | Promise<readonly [Variables, Variables]>;
}

const ANSWER = `__typename ... on Error { code message }`;
const runCommand = (field: string, argument: string, type: string): Case => ({
  document: `mutation($runId: ID!, $value: ${type}, $key: String) {
    ${field}(runId: $runId, ${argument}: $value, idempotencyKey: $key) { ${ANSWER} } }`,
  variables: ({ runId }) => [
    { runId, value: `${argument} one` },
    { runId, value: `${argument} two` },
  ],
});

const CASES: Readonly<Record<string, Case>> = {
  startRun: {
    document: `mutation($goal: String!, $key: String) {
      startRun(goal: $goal, agent: "a", idempotencyKey: $key) { ${ANSWER} } }`,
    variables: () => [{ goal: 'one' }, { goal: 'two' }],
  },
  recordStep: {
    document: `mutation($runId: ID!, $summary: String!, $key: String) {
      recordStep(runId: $runId, kind: "tool", summary: $summary, idempotencyKey: $key) { ${ANSWER} } }`,
    variables: ({ runId }) => [
      { runId, summary: 'one' },
      { runId, summary: 'two' },
    ],
  },
  completeRun: runCommand('completeRun', 'output', 'JSON'),
  failRun: runCommand('failRun', 'reason', 'String!'),
  cancelRun: runCommand('cancelRun', 'reason', 'String!'),
  invokeTool: {
    document: `mutation($runId: ID!, $args: JSON!, $key: String) {
      invokeTool(runId: $runId, tool: "kv.get", version: "1", args: $args, idempotencyKey: $key) { ${ANSWER} } }`,
    variables: ({ runId }) => [
      { runId, args: { key: 'one' } },
      { runId, args: { key: 'two' } },
    ],
  },
  proposeMemory: {
    document: `mutation($content: String!, $key: String) {
      proposeMemory(type: fact, scope: tenant, content: $content, idempotencyKey: $key) { ${ANSWER} } }`,
    variables: () => [{ content: 'the sky is blue' }, { content: 'the sky is green' }],
  },
  reviewMemory: {
    document: `mutation($id: ID!, $reason: String!, $key: String) {
      reviewMemory(memoryId: $id, decision: APPROVE, reason: $reason, idempotencyKey: $key) { ${ANSWER} } }`,
    as: 'reviewer',
    variables: async ({ proposed }) => {
      const id = await proposed();
      return [
        { id, reason: 'checked' },
        { id, reason: 'checked again' },
      ];
    },
  },
  applyMemory: {
    document: `mutation($runId: ID!, $id: ID!, $key: String) {
      applyMemory(runId: $runId, memoryId: $id, idempotencyKey: $key) { ${ANSWER} } }`,
    variables: async ({ runId, approved }) => [
      { runId, id: await approved() },
      { runId, id: await approved() },
    ],
  },
  retractMemory: {
    document: `mutation($id: ID!, $reason: String!, $key: String) {
      retractMemory(memoryId: $id, reason: $reason, idempotencyKey: $key) { ${ANSWER} } }`,
    variables: async ({ approved }) => {
      const id = await approved();
      return [
        { id, reason: 'outdated' },
        { id, reason: 'wrong' },
      ];
    },
  },
  decideApproval: {
    as: 'reviewer',
    document: `mutation($runId: ID!, $id: ID!, $reason: String!, $key: String) {
      decideApproval(runId: $runId, approvalId: $id, decision: APPROVE, reason: $reason, idempotencyKey: $key) {
        ${ANSWER} } }`,
    variables: async ({ gated }) => {
      const { runId, approvalId: id } = await gated();
      return [
        { runId, id, reason: 'checked' },
        { runId, id, reason: 'checked again' },
      ];
    },
  },
  recordToolResult: {
    document: `mutation($runId: ID!, $callId: ID!, $grantId: ID!, $output: JSON, $key: String) {
      recordToolResult(runId: $runId, callId: $callId, grantId: $grantId, output: $output, idempotencyKey: $key) {
        ${ANSWER} } }`,
    variables: async ({ granted }) => {
      const call = await granted();
      return [
        { ...call, output: { paid: 1 } },
        { ...call, output: { paid: 2 } },
      ];
    },
  },
  publishPolicy: {
    as: 'admin',
    document: `mutation($p: String!, $key: String) {
      publishPolicy(policies: $p, idempotencyKey: $key) { ${ANSWER} } }`,
    variables: () => [
      { p: `${PAYMENT_GATE_POLICIES}\n// one\n` },
      { p: `${PAYMENT_GATE_POLICIES}\n// two\n` },
    ],
  },
  replayRun: {
    as: 'admin',
    document: `mutation($runId: ID!, $options: ReplayOptionsInput, $key: String) {
      replayRun(runId: $runId, options: $options, idempotencyKey: $key) { ${ANSWER} } }`,
    variables: ({ runId }) => [
      { runId, options: { inference: false } },
      { runId, options: { policy: false } },
    ],
  },
  rollbackRun: {
    // The tenant's policies permit no rollback: the first records its refusal (`RollbackRefused`), which a retry
    // with the same key meets.
    document: `mutation($runId: ID!, $step: Int!, $reason: String!, $key: String) {
      rollbackRun(runId: $runId, toStep: $step, reason: $reason, idempotencyKey: $key) { ${ANSWER} } }`,
    as: 'admin',
    variables: async ({ runId }) => {
      await writeAfterStep(runId);
      return [
        { runId, step: 1, reason: 'one' },
        { runId, step: 2, reason: 'two' },
      ];
    },
  },
};

/** Keyed mutations not checked here, each with the reason. `requestInference` needs ONNX models. */
/** kv.put on `runId` (allowed by the payment-gate policies): something after step 1 for a rollback to plan. */
async function writeAfterStep(runId: string): Promise<void> {
  const response = await graphqlRequest(
    rt.api.yoga,
    `mutation($runId: ID!) { invokeTool(runId: $runId, tool: "kv.put", version: "2", args: { key: "k", value: 1 })
      { __typename } }`,
    { authorization: keys.app, variables: { runId } },
  );
  expect(response.data?.invokeTool).toEqual({ __typename: 'ToolCallCompleted' });
}

const NOT_HERE: Readonly<Record<string, string>> = {
  requestInference: 'inferenceMutations.test.ts',
  forkRun: 'forkRun.test.ts',
  requestCompletion: 'ops/completions/completionsApi.test.ts',
  requestEmbeddings: 'ops/completions/completionsApi.test.ts',
};

const keyedMutations = Object.values(schema.getMutationType()!.getFields())
  .filter((field) => field.args.some((argument) => argument.name === 'idempotencyKey'))
  .map((field) => field.name)
  .sort();

let rt: TestRuntime;
let keys: Record<'app' | 'admin' | 'reviewer', string>;
beforeAll(async () => {
  rt = await openTestRuntime({ governance: true });
  const [app, admin, reviewer] = await Promise.all([
    rt.bearer('app'),
    rt.bearer('admin'),
    rt.bearer('reviewer'),
  ]);
  keys = { app, admin, reviewer };
  await setUpPaymentGate(rt.api.yoga, admin);
});

let memories = 0;
async function proposed(): Promise<string> {
  const response = await graphqlRequest<{ proposeMemory: { memoryId: string } }>(
    rt.api.yoga,
    `mutation($c: String!) { proposeMemory(type: fact, scope: tenant, content: $c) {
      ... on MemoryPayload { memoryId } } }`,
    { authorization: keys.app, variables: { c: `fact number ${++memories}` } },
  );
  return response.data!.proposeMemory.memoryId;
}
async function approved(): Promise<string> {
  const memoryId = await proposed();
  const response = await graphqlRequest(
    rt.api.yoga,
    `mutation($id: ID!) { reviewMemory(memoryId: $id, decision: APPROVE, reason: "ok") { __typename } }`,
    { authorization: keys.reviewer, variables: { id: memoryId } },
  );
  expect(response.data?.reviewMemory).toEqual({ __typename: 'MemoryPayload' });
  return memoryId;
}
let payments = 0;
const gated = (): Promise<GatedCall> => gatedPayment(rt.api.yoga, keys.app, ++payments);
async function granted(): Promise<Granted> {
  const { runId, approvalId, variables } = await gated();
  const decided = await graphqlRequest(
    rt.api.yoga,
    `mutation($runId: ID!, $id: ID!) { decideApproval(runId: $runId, approvalId: $id, decision: APPROVE,
      reason: "ok") { __typename } }`,
    { authorization: keys.reviewer, variables: { runId, id: approvalId } },
  );
  expect(decided.errors).toBeUndefined();
  const resumed = await graphqlRequest<Record<string, Record<string, string>>>(rt.api.yoga, INVOKE, {
    authorization: keys.app,
    variables: { ...variables, approvalId },
  });
  const call = resumed.data?.invokeTool;
  expect(call?.__typename).toBe('ToolCallGranted');
  return { runId, callId: call!.callId!, grantId: call!.grantId! };
}
afterAll(async () => rt.close());

/** IDEMPOTENCY_CONFLICT as a typed result's code, or as the error's code where the field has no such member. */
function codeOf(response: GraphqlResponse, field: string): unknown {
  const result = response.data?.[field] as { code?: unknown } | null | undefined;
  return result?.code ?? response.errors?.[0]?.extensions?.code;
}

describe('a reused idempotency key with other arguments', () => {
  it('every mutation that takes a key has a case (here or named where it is)', () => {
    expect(
      keyedMutations.filter((name) => CASES[name] === undefined && NOT_HERE[name] === undefined),
    ).toEqual([]);
  });

  it.each(Object.keys(CASES))(
    '%s answers IDEMPOTENCY_CONFLICT, appends nothing, records the refusal',
    async (name) => {
      const { run } = await startRun(rt.api.yoga, keys.app);
      await recordStep(rt.api.yoga, keys.app, run.id);
      const [first, second] = await CASES[name]!.variables({
        runId: run.id,
        proposed,
        approved,
        gated,
        granted,
      });
      const authorization = keys[CASES[name]!.as ?? 'app'];
      const key = `reused-${name}`;
      const original = await graphqlRequest(rt.api.yoga, CASES[name]!.document, {
        authorization,
        variables: { ...first, key },
      });
      expect(original.errors).toBeUndefined();
      expect(original.data?.[name]).not.toMatchObject({ code: expect.any(String) as unknown });
      const head = await rt.log.headPosition();
      const reused = await graphqlRequest(rt.api.yoga, CASES[name]!.document, {
        authorization,
        variables: { ...second, key },
      });
      expect(codeOf(reused, name)).toBe('IDEMPOTENCY_CONFLICT');
      const after = await rt.log.readAll({ fromPosition: head! + 1 });
      expect(after.map((event) => [event.stream, event.type])).toEqual([['refusals-acme', 'AccessRefused']]);
      expect(after[0]!.data).toMatchObject({
        action: `Mutation.${name}`,
        reason: 'IDEMPOTENCY_CONFLICT',
        tenant: 'acme',
      });
    },
  );
});

describe('a retry with the same idempotency key and arguments', () => {
  it.each(Object.keys(CASES))('%s returns the original result and appends nothing', async (name) => {
    const { run } = await startRun(rt.api.yoga, keys.app);
    await recordStep(rt.api.yoga, keys.app, run.id);
    const [first] = await CASES[name]!.variables({ runId: run.id, proposed, approved, gated, granted });
    const request = () =>
      graphqlRequest(rt.api.yoga, CASES[name]!.document, {
        authorization: keys[CASES[name]!.as ?? 'app'],
        variables: { ...first, key: `retried-${name}` },
      });
    const original = await request();
    expect(original.errors).toBeUndefined();
    const head = await rt.log.headPosition();
    expect(await request()).toEqual(original);
    expect(await rt.log.headPosition()).toBe(head);
  });
});
