import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { NamedTensor } from '../domain/index.js';
import { Sha256TensorDigester } from '../inference/tensorDigest.js';
import { hashedTokenFeatures } from '../inference/text/index.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import { requestInference } from './testing/inferenceOperations.js';
import { startRun } from './testing/runOperations.js';
import { affineModel, runDirectly, slowInputs, slowModel, textScorerModel } from './testing/testModels.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

const DIMENSIONS = 64;
const X = { name: 'x', type: 'float32', dims: [2, 3], data: [0.5, -1, 2, 1, 0.25, -0.75] };

let rt: TestRuntime;
let app: string;
beforeAll(async () => {
  rt = await openTestRuntime({ store: 'sqlite', inference: { maxQueue: 1 } });
  app = await rt.bearer('app');
  const origin = { actor: { kind: 'user', id: 'test-operator' }, tenant: 'acme' } as const;
  await rt.inference!.registerModel({ bytes: affineModel(), name: 'affine', version: '1' }, origin);
  await rt.inference!.registerModel({ bytes: slowModel(), name: 'slow', version: '1' }, origin);
  await rt.inference!.registerModel(
    {
      bytes: textScorerModel(DIMENSIONS),
      name: 'scorer',
      version: '1',
      featurizer: { kind: 'hashed-tokens', version: 1, dimensions: DIMENSIONS, input: 'features' },
    },
    origin,
  );
});
afterAll(async () => rt.close());

const newRun = async (budget?: Record<string, number>) =>
  (await startRun(rt.api.yoga, app, budget === undefined ? {} : { budget })).run.id;

async function runEventTypes(runId: string): Promise<string[]> {
  const response = await graphqlRequest<{ events: { edges: Array<{ node: { type: string } }> } }>(
    rt.api.yoga,
    `query($id: ID!) { events(runId: $id, first: 50) { edges { node { type } } } }`,
    { authorization: app, variables: { id: runId } },
  );
  return response.data!.events.edges.map((edge) => edge.node.type);
}

describe('requestInference with tensors', () => {
  it('when an app runs a model, then the outputs equal onnxruntime run directly, and both events are on the run', async () => {
    const runId = await newRun();
    const payload = await requestInference(rt.api.yoga, app, { runId, model: 'affine', inputs: [X] });
    expect(payload.__typename).toBe('InferencePayload');
    expect(payload.replayed).toBe(false);
    const expected = await runDirectly(affineModel(), X, 'y');
    expect(payload.inference!.outputs).toEqual([
      { name: 'y', type: 'float32', dims: [2, 2], data: expected },
    ]);
    expect(payload.inference).toMatchObject({
      executionProvider: 'cpu',
      runtime: 'onnxruntime-node',
      model: { name: 'affine', version: '1' },
      inputDigest: new Sha256TensorDigester().digest([X as NamedTensor]),
    });
    expect(payload.requestedEvent).toMatchObject({ type: 'InferenceRequested', stream: `run-${runId}` });
    expect(payload.completedEvent).toMatchObject({ type: 'InferenceCompleted', stream: `run-${runId}` });
    expect(payload.completedEvent!.data).toMatchObject({ executionProvider: 'cpu' });
    expect(payload.completedEvent!.position).toBeGreaterThan(payload.requestedEvent!.position);
    await rt.deps.waitForProjection(payload.completedEvent!.position);
    expect(await runEventTypes(runId)).toEqual(['RunStarted', 'InferenceRequested', 'InferenceCompleted']);
  });

  it('selecting the run waits for the read model, which then shows the inference as its last event', async () => {
    const runId = await newRun({ maxInferenceCalls: 3 });
    const response = await graphqlRequest<{ requestInference: Record<string, unknown> }>(
      rt.api.yoga,
      `mutation($runId: ID!, $inputs: [TensorInput!]) {
        requestInference(runId: $runId, model: "affine", inputs: $inputs) {
          ... on InferencePayload { completedEvent { position } run { id status inferenceCalls lastPosition budget { maxInferenceCalls } } }
        }
      }`,
      { authorization: app, variables: { runId, inputs: [X] } },
    );
    const payload = response.data!.requestInference as {
      completedEvent: { position: number };
      run: Record<string, unknown>;
    };
    expect(payload.run).toEqual({
      id: runId,
      status: 'running',
      inferenceCalls: 1,
      lastPosition: payload.completedEvent.position,
      budget: { maxInferenceCalls: 3 },
    });
  });

  it('when the inputs do not match the model, then InvalidInferenceInputError and nothing is recorded', async () => {
    const runId = await newRun();
    const head = await rt.log.headPosition();
    const payload = await requestInference(rt.api.yoga, app, {
      runId,
      model: 'affine',
      inputs: [{ ...X, dims: [2, 4], data: [1, 2, 3, 4, 5, 6, 7, 8] }],
    });
    expect(payload).toMatchObject({
      __typename: 'InvalidInferenceInputError',
      code: 'INFERENCE_INVALID_INPUT',
      input: 'x',
      details: { axis: 1, expected: 3, actual: 4 },
    });
    const notArray = await requestInference(rt.api.yoga, app, {
      runId,
      model: 'affine',
      inputs: [{ ...X, data: { not: 'an array' } }],
    });
    expect(notArray).toMatchObject({ __typename: 'InvalidInferenceInputError', input: 'x' });
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('when the model is unknown, then ModelNotFoundError', async () => {
    const payload = await requestInference(rt.api.yoga, app, {
      runId: await newRun(),
      model: 'affine',
      version: '9',
      inputs: [X],
    });
    expect(payload).toMatchObject({ __typename: 'ModelNotFoundError', model: 'affine', version: '9' });
  });

  it('when the same idempotency key is sent again, then the recorded result is replayed and nothing appended', async () => {
    const runId = await newRun();
    const first = await requestInference(rt.api.yoga, app, {
      runId,
      model: 'affine',
      inputs: [X],
      key: 'infer-1',
    });
    const head = await rt.log.headPosition();
    const again = await requestInference(rt.api.yoga, app, {
      runId,
      model: 'affine',
      inputs: [X],
      key: 'infer-1',
    });
    expect(again.replayed).toBe(true);
    expect(again.inference).toEqual(first.inference);
    expect(again.completedEvent).toEqual(first.completedEvent);
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('when the same idempotency key is sent with other inputs, then IDEMPOTENCY_CONFLICT, recorded as a refusal, and nothing appended to the run', async () => {
    const runId = await newRun();
    await requestInference(rt.api.yoga, app, { runId, model: 'affine', inputs: [X], key: 'infer-2' });
    const head = await rt.log.headPosition();
    const other = { ...X, data: X.data.map((value) => value + 1) };
    const again = await requestInference(rt.api.yoga, app, {
      runId,
      model: 'affine',
      inputs: [other],
      key: 'infer-2',
    });
    expect(again).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    // Nothing on the run; only the refusal, as evidence.
    const after = await rt.log.readAll({ fromPosition: head! + 1 });
    expect(
      after.map((event) => [event.stream, event.type, (event.data as { reason?: unknown }).reason]),
    ).toEqual([['refusals-acme', 'AccessRefused', 'IDEMPOTENCY_CONFLICT']]);
  });

  it('when the run was cancelled, then RunNotActiveError and nothing is recorded', async () => {
    const runId = await newRun();
    await graphqlRequest(
      rt.api.yoga,
      `mutation($id: ID!) { cancelRun(runId: $id, reason: "stop") { __typename } }`,
      {
        authorization: app,
        variables: { id: runId },
      },
    );
    const head = await rt.log.headPosition();
    const payload = await requestInference(rt.api.yoga, app, { runId, model: 'affine', inputs: [X] });
    expect(payload).toMatchObject({ __typename: 'RunNotActiveError', runId, status: 'cancelled' });
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('when the run has used its maxInferenceCalls, then RunBudgetExceededError on inferenceCalls and the run ends', async () => {
    const runId = await newRun({ maxInferenceCalls: 1 });
    const first = await requestInference(rt.api.yoga, app, { runId, model: 'affine', inputs: [X] });
    expect(first.__typename).toBe('InferencePayload');
    const second = await requestInference(rt.api.yoga, app, { runId, model: 'affine', inputs: [X] });
    expect(second).toMatchObject({
      __typename: 'RunBudgetExceededError',
      code: 'RUN_BUDGET_EXCEEDED',
      budget: 'inferenceCalls',
      limit: 1,
      actual: 2,
    });
    const stream = await rt.log.readStream(`run-${runId}`);
    expect(stream.map((event) => event.type)).toEqual([
      'RunStarted',
      'InferenceRequested',
      'InferenceCompleted',
      'RunFailed',
    ]);
    expect(stream.at(-1)!.data).toMatchObject({
      budgetExceeded: { budget: 'inferenceCalls', limit: 1, actual: 2, command: 'RequestInference' },
    });
    const third = await requestInference(rt.api.yoga, app, { runId, model: 'affine', inputs: [X] });
    expect(third.__typename).toBe('RunNotActiveError');
  });

  it("another tenant's run looks missing", async () => {
    const foreign = (await startRun(rt.api.yoga, await rt.bearer('app', 'globex'))).run.id;
    const payload = await requestInference(rt.api.yoga, app, {
      runId: foreign,
      model: 'affine',
      inputs: [X],
    });
    expect(payload).toMatchObject({ __typename: 'RunNotFoundError', code: 'RUN_NOT_FOUND' });
  });
});

describe('requestInference when the engine is slow or fails', () => {
  /** Resolves once the run's stream holds `count` events. */
  const streamReaches = (runId: string, count: number) =>
    vi.waitFor(async () => expect(await rt.log.readStream(`run-${runId}`)).toHaveLength(count), {
      timeout: 5_000,
      interval: 5,
    });
  /** Resolves once the engine is running and queueing exactly this much. */
  const engineHolds = (running: number, queued: number) =>
    vi.waitFor(() => expect(rt.inference!.engine.stats()).toMatchObject({ running, queued }), {
      timeout: 10_000,
      interval: 5,
    });

  it('a keyed retry while running is InferenceInProgressError; the timeout is recorded, then replayed by key', async () => {
    const runId = await newRun();
    const variables = { runId, model: 'slow', inputs: slowInputs(), timeoutMs: 1_000, key: 'slow-1' };
    const running = requestInference(rt.api.yoga, app, variables);
    await streamReaches(runId, 2);
    const early = await requestInference(rt.api.yoga, app, variables);
    expect(early).toMatchObject({ __typename: 'InferenceInProgressError', code: 'INFERENCE_IN_PROGRESS' });
    const failed = await running;
    expect(failed).toMatchObject({
      __typename: 'InferenceFailedError',
      code: 'INFERENCE_TIMEOUT',
      replayed: false,
    });
    expect(early.inferenceId).toBe(failed.inferenceId);
    const recorded = await graphqlRequest<{ events: { edges: Array<{ node: Record<string, unknown> }> } }>(
      rt.api.yoga,
      `query($id: ID!) { events(runId: $id, type: "InferenceFailed") { edges { node { id data } } } }`,
      { authorization: app, variables: { id: runId } },
    );
    const failedEvents = recorded.data?.events.edges.map((edge) => edge.node);
    expect(failedEvents).toHaveLength(1);
    expect(failedEvents?.[0]).toMatchObject({
      id: failed.failedEventId,
      data: { inferenceId: failed.inferenceId, reason: 'INFERENCE_TIMEOUT' },
    });
    const head = await rt.log.headPosition();
    const again = await requestInference(rt.api.yoga, app, variables);
    expect(again).toMatchObject({
      __typename: 'InferenceFailedError',
      failedEventId: failed.failedEventId,
      replayed: true,
    });
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('when the queue is full, then OverloadedError and nothing is recorded for the refused request', async () => {
    const slow = { model: 'slow', inputs: slowInputs(), timeoutMs: 1_000 };
    const [busyRun, queuedRun, refusedRun] = [await newRun(), await newRun(), await newRun()];
    await engineHolds(0, 0);
    const busy = requestInference(rt.api.yoga, app, { ...slow, runId: busyRun });
    await engineHolds(1, 0);
    const queued = requestInference(rt.api.yoga, app, { ...slow, runId: queuedRun });
    await engineHolds(1, 1);
    const refused = await requestInference(rt.api.yoga, app, { ...slow, runId: refusedRun });
    expect(refused).toMatchObject({ __typename: 'OverloadedError', code: 'OVERLOADED', retryable: true });
    expect(await rt.log.readStream(`run-${refusedRun}`)).toHaveLength(1);
    await Promise.all([busy, queued]);
  });
});

describe('requestInference with text', () => {
  it('texts go through the registered featurizer: the outputs equal the model run on hashed-tokens features', async () => {
    const texts = ['wire the funds today', 'quarterly report attached'];
    const payload = await requestInference(rt.api.yoga, app, {
      runId: await newRun(),
      model: 'scorer',
      texts,
    });
    expect(payload.__typename).toBe('InferencePayload');
    const features = texts.flatMap((text) => Array.from(hashedTokenFeatures(text, DIMENSIONS)));
    const expected = await runDirectly(
      textScorerModel(DIMENSIONS),
      { name: 'features', dims: [texts.length, DIMENSIONS], data: features },
      'scores',
    );
    expect(payload.inference!.outputs).toEqual([
      { name: 'scores', type: 'float32', dims: [2, 2], data: expected },
    ]);
  });

  it('texts for a model without a featurizer are InvalidInferenceInputError', async () => {
    const payload = await requestInference(rt.api.yoga, app, {
      runId: await newRun(),
      model: 'affine',
      texts: ['hello'],
    });
    expect(payload).toMatchObject({
      __typename: 'InvalidInferenceInputError',
      code: 'INFERENCE_INVALID_INPUT',
    });
  });
});
