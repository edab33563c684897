import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from './schema.js';
import { PAYMENT_GATE_POLICIES, setUpPaymentGate } from './testing/governanceOperations.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import type { GraphqlResponse } from './testing/graphqlRequest.js';
import { recordStep, startRun } from './testing/runOperations.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

// Reusing an idempotency key with other arguments is IDEMPOTENCY_CONFLICT on every mutation that takes a key, and
// appends nothing. The mutations are enumerated from the schema: a new one needs a case here.

/** A mutation's document (its key as `$key`) and two argument sets that differ in something but the key. */
interface Case {
  readonly document: string;
  readonly variables: (runId: string) => readonly [Record<string, unknown>, Record<string, unknown>];
}

const ANSWER = `__typename ... on Error { code message }`;
const runCommand = (field: string, argument: string, type: string): Case => ({
  document: `mutation($runId: ID!, $value: ${type}, $key: String) {
    ${field}(runId: $runId, ${argument}: $value, idempotencyKey: $key) { ${ANSWER} } }`,
  variables: (runId) => [
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
    variables: (runId) => [
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
    variables: (runId) => [
      { runId, args: { key: 'one' } },
      { runId, args: { key: 'two' } },
    ],
  },
  publishPolicy: {
    document: `mutation($p: String!, $key: String) {
      publishPolicy(policies: $p, idempotencyKey: $key) { ${ANSWER} } }`,
    variables: () => [
      { p: `${PAYMENT_GATE_POLICIES}\n// one\n` },
      { p: `${PAYMENT_GATE_POLICIES}\n// two\n` },
    ],
  },
};

/**
 * Keyed mutations not checked here, each with the reason. `requestInference` needs ONNX models: its case is in
 * inferenceMutations.test.ts. The others do not yet compare a reused key's arguments (or, for decideApproval and
 * recordToolResult, do not honour keys at all): known gaps, reported, not hidden.
 */
const NOT_HERE: Readonly<Record<string, string>> = {
  requestInference: 'inferenceMutations.test.ts',
  decideApproval: 'gap: keys are not honoured',
  recordToolResult: 'gap: keys are not honoured',
  proposeMemory: 'gap: a reused key replays the first proposal',
  reviewMemory: 'gap: a reused key replays the first review',
  applyMemory: 'gap: a reused key replays the first apply',
  retractMemory: 'gap: a reused key replays the first retraction',
};

const keyedMutations = Object.values(schema.getMutationType()!.getFields())
  .filter((field) => field.args.some((argument) => argument.name === 'idempotencyKey'))
  .map((field) => field.name)
  .sort();

let rt: TestRuntime;
let app: string;
let admin: string;
beforeAll(async () => {
  rt = await openTestRuntime({ governance: true });
  [app, admin] = await Promise.all([rt.bearer('app'), rt.bearer('admin')]);
  await setUpPaymentGate(rt.api.yoga, admin);
});
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

  it.each(Object.keys(CASES))('%s answers IDEMPOTENCY_CONFLICT and appends nothing', async (name) => {
    const { run } = await startRun(rt.api.yoga, app);
    await recordStep(rt.api.yoga, app, run.id);
    const [first, second] = CASES[name]!.variables(run.id);
    const authorization = name === 'publishPolicy' ? admin : app;
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
    expect(await rt.log.headPosition()).toBe(head);
  });
});
