import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { foldRun, runStateDocument } from '../domain/index.js';
import type { RecordedEvent } from '../domain/index.js';
import { INVOKE, PAYMENT_TOOL, setUpPaymentGate } from './testing/governanceOperations.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import { firstSseResult } from './testing/sseRequest.js';
import type { GraphqlResponse } from './testing/graphqlRequest.js';
import { recordStep, startRun } from './testing/runOperations.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

// forkRun end to end: the API over a real SQLite ledger, the read models, and the governance the server composes
// (Cedar, the built-in kv tools, memory review), so that the source run has tool calls, an approval in flight
// and memory applied before it is forked.

const FORK = `mutation($runId: ID!, $atStep: Int!, $reason: String!, $budget: RunBudgetInput, $key: String) {
  forkRun(runId: $runId, atStep: $atStep, reason: $reason, budget: $budget, idempotencyKey: $key) {
    __typename
    ... on RunCommandPayload { replayed run { id status stepCount toolCalls pendingApprovals revision
      budget { maxSteps maxToolCalls } } events { id type position data } }
    ... on RunStepOutOfRangeError { runId atStep firstStep steps }
    ... on RunNotFoundError { runId }
    ... on Error { code message }
  } }`;
const RUN = `query($id: ID!, $asOf: Position) { run(id: $id, asOf: $asOf) {
  id status stepCount revision toolCalls asOf
  forkedFrom { run { id } runId position step stateDigest reason forkedBy }
  forks { id forkedFrom { step } }
} }`;
const PROPOSE = `mutation($content: String!) { proposeMemory(type: fact, scope: tenant, content: $content) {
  ... on MemoryPayload { memoryId } } }`;
const REVIEW = `mutation($id: ID!) { reviewMemory(memoryId: $id, decision: APPROVE, reason: "checked") {
  __typename } }`;
const APPLY = `mutation($runId: ID!, $id: ID!) { applyMemory(runId: $runId, memoryId: $id) { __typename } }`;

type Data = Record<string, Record<string, unknown>>;

describe('forkRun', () => {
  let rt: TestRuntime;
  let app: string;
  let appKeyId: string;
  let other: string;
  let sourceId: string;
  /** The source stream right after the set-up; the tests compare it with the stream after forking. */
  let sourceBefore: RecordedEvent[];

  const call = async (query: string, variables: Record<string, unknown>, authorization = app) => {
    const response: GraphqlResponse<Data> = await graphqlRequest<Data>(rt.api.yoga, query, {
      authorization,
      variables,
    });
    if (response.errors !== undefined) throw new Error(JSON.stringify(response.errors));
    return response.data!;
  };
  const fork = async (variables: Record<string, unknown>, authorization = app) =>
    (await call(FORK, { runId: sourceId, reason: 'try another store', ...variables }, authorization))
      .forkRun!;
  const kvPut = (runId: string, key: string) =>
    call(INVOKE, { runId, tool: 'kv.put', version: '2', args: { key, value: 1 } });
  const refusals = async () =>
    (await rt.log.readStream('refusals-acme')).filter((e) => e.type === 'AccessRefused');

  beforeAll(async () => {
    rt = await openTestRuntime({ store: 'sqlite', governance: true });
    const appKey = await rt.issue('app');
    app = `Bearer ${appKey.token}`;
    appKeyId = appKey.keyId;
    other = await rt.bearer('app', 'globex');
    await setUpPaymentGate(rt.api.yoga, await rt.bearer('admin'));
    const { run } = await startRun(rt.api.yoga, app, { budget: { maxSteps: 10, maxToolCalls: 5 } });
    sourceId = run.id;
    // Before step 1: a memory applied, a completed kv call and a payment waiting for approval (in flight).
    const proposed = await call(PROPOSE, { content: 'invoices go to finance@acme.test' });
    const memoryId = proposed.proposeMemory!.memoryId as string;
    await call(REVIEW, { id: memoryId }, await rt.bearer('reviewer'));
    await call(APPLY, { runId: sourceId, id: memoryId });
    expect((await kvPut(sourceId, 'a')).invokeTool!.__typename).toBe('ToolCallCompleted');
    const payment = { runId: sourceId, tool: PAYMENT_TOOL.name, version: '1', args: { amount: 5 } };
    expect((await call(INVOKE, payment)).invokeTool!.__typename).toBe('ToolCallPendingApproval');
    await recordStep(rt.api.yoga, app, sourceId);
    expect((await kvPut(sourceId, 'b')).invokeTool!.__typename).toBe('ToolCallCompleted');
    await recordStep(rt.api.yoga, app, sourceId);
    sourceBefore = await rt.log.readStream(`run-${sourceId}`);
  }, 60_000);
  afterAll(() => rt.close());

  it('given a run with steps and tool calls, when forked at step 1, then its first event names the source point and the digest of its state there', async () => {
    const payload = await fork({ atStep: 1 });
    expect(payload.__typename).toBe('RunCommandPayload');
    const [first] = payload.events as { type: string; data: { forkedFrom: Record<string, unknown> } }[];
    const step1 = sourceBefore.find((e) => e.type === 'StepRecorded')!;
    const { forkedFrom } = first!.data;
    expect(first!.type).toBe('RunStarted');
    expect(forkedFrom).toMatchObject({
      runId: sourceId,
      position: step1.position,
      step: 1,
      reason: 'try another store',
      forkedBy: appKeyId,
      memoryApplied: [expect.objectContaining({ memoryRevision: 1 })],
    });
    // Anyone can recompute the digest: fold the source's events up to the position, hash its canonical JSON.
    const state = foldRun(sourceBefore.filter((e) => e.position <= step1.position));
    const expected = createHash('sha256')
      .update(canonicalize(runStateDocument(state))!, 'utf8')
      .digest('hex');
    expect(forkedFrom.stateDigest).toBe(`sha256:${expected}`);
    expect(state).toMatchObject({ steps: 1, toolCalls: 2, pendingApprovals: 1 });
    // The fork continues at step 1 with the source's limits and none of its calls or approvals.
    expect(payload.run).toMatchObject({
      status: 'pending',
      stepCount: 1,
      toolCalls: 0,
      pendingApprovals: 0,
      revision: 0,
      budget: { maxSteps: 10, maxToolCalls: 5 },
    });
  });

  it('given a fork with its own budget, then its next step is 2, its calls count against its budget, and the source is untouched', async () => {
    const payload = await fork({ atStep: 1, budget: { maxToolCalls: 1 } });
    const forkId = (payload.run as { id: string }).id;
    expect(payload.run).toMatchObject({ budget: { maxSteps: null, maxToolCalls: 1 } });
    await recordStep(rt.api.yoga, app, forkId);
    const [, step] = await rt.log.readStream(`run-${forkId}`);
    expect(step).toMatchObject({ type: 'StepRecorded', data: { stepNumber: 2 } });
    expect((await kvPut(forkId, 'c')).invokeTool!.__typename).toBe('ToolCallCompleted');
    expect((await kvPut(forkId, 'd')).invokeTool).toMatchObject({
      __typename: 'ToolCallDenied',
      reason: 'RUN_BUDGET_EXCEEDED',
      details: { budget: 'toolCalls', limit: 1, actual: 2 },
    });
    expect(await rt.log.readStream(`run-${sourceId}`)).toEqual(sourceBefore);
    const source = (await call(RUN, { id: sourceId })).run!;
    expect(source).toMatchObject({ revision: sourceBefore.at(-1)!.revision, stepCount: 2, toolCalls: 3 });
  });

  it('given forks, then forkedFrom and forks navigate both ways, and run(id, asOf) works on a fork', async () => {
    const payload = await fork({ atStep: 2 });
    const forkId = (payload.run as { id: string }).id;
    const started = (payload.events as { position: number }[])[0]!.position;
    await recordStep(rt.api.yoga, app, forkId);
    const forked = (await call(RUN, { id: forkId })).run!;
    expect(forked).toMatchObject({
      stepCount: 3,
      forkedFrom: { run: { id: sourceId }, runId: sourceId, step: 2, reason: 'try another store' },
      forks: [],
    });
    const source = (await call(RUN, { id: sourceId })).run!;
    const forks = source.forks as { id: string; forkedFrom: { step: number } }[];
    expect(forks.at(-1)).toEqual({ id: forkId, forkedFrom: { step: 2 } });
    expect(source.forkedFrom).toBeNull();
    const then = (await call(RUN, { id: forkId, asOf: started })).run!;
    expect(then).toMatchObject({ status: 'pending', stepCount: 2, revision: 0, asOf: started });
    expect(then.forkedFrom).toMatchObject({ step: 2 });
    const sourceThen = (await call(RUN, { id: sourceId, asOf: started - 1 })).run!;
    expect((sourceThen.forks as { id: string }[]).map((f) => f.id)).not.toContain(forkId);
  });

  it('given a fork, then runEvents and runUpdates show its first event, and the run as of it', async () => {
    const payload = await fork({ atStep: 1 });
    const forkId = (payload.run as { id: string }).id;
    const events = await firstSseResult(
      rt.api.yoga,
      `subscription($id: ID!) { runEvents(runId: $id) { type data } }`,
      { authorization: app, variables: { id: forkId } },
    );
    expect(events.data).toMatchObject({
      runEvents: { type: 'RunStarted', data: { forkedFrom: { runId: sourceId, step: 1 } } },
    });
    const updates = await firstSseResult(
      rt.api.yoga,
      `subscription($id: ID!) { runUpdates(filter: { runId: $id }, fromPosition: 0) {
        run { id status stepCount forkedFrom { runId step } } event { type } } }`,
      { authorization: app, variables: { id: forkId } },
    );
    expect(updates.data).toEqual({
      runUpdates: {
        run: { id: forkId, status: 'pending', stepCount: 1, forkedFrom: { runId: sourceId, step: 1 } },
        event: { type: 'RunStarted' },
      },
    });
  });

  it('given an idempotency key, then a retry answers the same fork and other arguments are a conflict', async () => {
    const first = await fork({ atStep: 1, key: 'fork-once' });
    const again = await fork({ atStep: 1, key: 'fork-once' });
    expect(again).toMatchObject({ replayed: true, run: { id: (first.run as { id: string }).id } });
    expect(again.events).toEqual(first.events);
    expect(await fork({ atStep: 2, key: 'fork-once' })).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
  });

  it('given a step the source does not have, then RunStepOutOfRangeError naming it and the steps, recorded', async () => {
    for (const atStep of [3, -1]) {
      expect(await fork({ atStep })).toEqual({
        __typename: 'RunStepOutOfRangeError',
        runId: sourceId,
        atStep,
        firstStep: 0,
        steps: 2,
        code: 'RUN_STEP_OUT_OF_RANGE',
        message: `run ${sourceId} has steps 0 to 2; there is no step ${atStep} to fork at`,
      });
    }
    await rt.refusals.flush();
    expect((await refusals()).map((e) => e.data)).toContainEqual(
      expect.objectContaining({ action: 'Mutation.forkRun', reason: 'OUT_OF_RANGE', subject: sourceId }),
    );
    expect(await rt.log.readStream(`run-${sourceId}`)).toEqual(sourceBefore);
  });

  it('given an unknown run or another tenant`s, then RunNotFoundError and the attempt recorded as NOT_FOUND', async () => {
    const unknown = '0193a1b2-0000-7000-8000-000000000001';
    expect(await fork({ runId: unknown, atStep: 0 })).toMatchObject({
      __typename: 'RunNotFoundError',
      runId: unknown,
    });
    const foreign = await fork({ atStep: 0 }, other);
    expect(foreign).toMatchObject({ __typename: 'RunNotFoundError', runId: sourceId });
    await rt.refusals.flush();
    const globex = (await rt.log.readStream('refusals-globex')).map((e) => e.data);
    expect(globex).toContainEqual(
      expect.objectContaining({ action: 'Mutation.forkRun', reason: 'NOT_FOUND', subject: sourceId }),
    );
    expect((await refusals()).map((e) => e.data)).toContainEqual(
      expect.objectContaining({ action: 'Mutation.forkRun', reason: 'NOT_FOUND', subject: unknown }),
    );
  });

  it('given the tenant halted, then forkRun is refused, recorded, and nothing is appended to a run', async () => {
    const admin = { actor: { kind: 'user', id: 'operator' }, tenant: 'acme' } as const;
    await rt.tenants.halt('acme', 'incident', admin);
    try {
      const head = await rt.log.headPosition();
      const response = await graphqlRequest(rt.api.yoga, FORK, {
        authorization: app,
        variables: { runId: sourceId, atStep: 1, reason: 'during the incident' },
      });
      expect(response.errors?.[0]?.extensions).toMatchObject({ code: 'TENANT_HALTED' });
      const after = await rt.log.readAll({ fromPosition: head! + 1 });
      expect(after.filter((e) => e.stream.startsWith('run-'))).toEqual([]);
      await rt.refusals.flush();
      const recorded = (await rt.log.readStream('refusals-acme')).filter((e) => e.position > head!);
      expect(recorded.map((e) => [e.type, e.data])).toContainEqual([
        'TenantActionRefused',
        expect.objectContaining({ action: 'ForkRun', subject: sourceId }),
      ]);
    } finally {
      await rt.tenants.resume('acme', 'resolved', admin);
    }
  });
});
