import { createHash, randomUUID } from 'node:crypto';
import { chmod, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewEvent, RecordedEvent, RunReplayedData } from '../domain/index.js';
import {
  modelStream,
  reconstructPolicyRequest,
  recordedPolicyDecisions,
  runStream,
} from '../domain/index.js';
// eslint-disable-next-line mir/layer-arrows -- policy input digests are recomputed with the real policy digester ops/ provides
import { sha256PolicyDigester } from '../ops/governance/policyDigester.js';
import { gatedPayment, INVOKE, setUpPaymentGate } from './testing/governanceOperations.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import { requestInference } from './testing/inferenceOperations.js';
import { recordStep, startRun } from './testing/runOperations.js';
import { affineModel } from './testing/testModels.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

// replayRun end to end: GraphQL over the real SQLite ledger, real ONNX Runtime workers on a generated model, real
// Cedar policies, the built-in kv tools and a reviewer's approval.

const REPLAY = `mutation($runId: ID!, $options: ReplayOptionsInput, $key: String) {
  replayRun(runId: $runId, options: $options, idempotencyKey: $key) {
    __typename
    ... on RunReplay {
      runId verdict throughRevision replayed omittedItems
      options { state inference policy }
      counts { state { checked mismatches } inference { checked mismatches } policy { checked mismatches } }
      items { check eventId subject match expected actual note tolerance { absolute relative } }
      tolerance { absolute relative }
      event { id type position }
      run { status stepCount inferenceCalls toolCalls }
    }
    ... on Error { code message }
  } }`;
const DECIDE = `mutation($runId: ID!, $approvalId: ID!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: APPROVE, reason: "fine") { __typename } }`;
const REPORT = `mutation($runId: ID!, $callId: ID!, $grantId: ID!) {
  recordToolResult(runId: $runId, callId: $callId, grantId: $grantId, output: { paid: true }) { __typename } }`;
const COMPLETE = `mutation($runId: ID!) { completeRun(runId: $runId, output: { done: true }) { __typename } }`;
const X = [{ name: 'x', type: 'float32', dims: [2, 3], data: [1, 2, 3, 0.5, -0.25, 4] }];
const OPERATOR = { actor: { kind: 'user', id: 'test-operator' }, tenant: 'acme' } as const;

interface ReplayAnswer {
  readonly __typename: string;
  readonly verdict: string;
  readonly replayed: boolean;
  readonly counts: Record<string, { checked: number; mismatches: number }>;
  readonly items: Array<Record<string, unknown>>;
  readonly event: { id: string; type: string; position: number };
  readonly run: Record<string, unknown>;
  readonly [field: string]: unknown;
}

let rt: TestRuntime;
let admin: string;
let app: string;
let reviewer: string;

beforeAll(async () => {
  rt = await openTestRuntime({ store: 'sqlite', inference: {}, governance: true });
  await rt.inference!.registerModel({ bytes: affineModel(), name: 'affine', version: '1' }, OPERATOR);
  await rt.inference!.registerModel({ bytes: affineModel(2), name: 'swappable', version: '1' }, OPERATOR);
  [admin, app, reviewer] = await Promise.all([rt.bearer('admin'), rt.bearer('app'), rt.bearer('reviewer')]);
  await setUpPaymentGate(rt.api.yoga, admin);
});
afterAll(async () => rt.close());

async function replay(variables: Record<string, unknown>, authorization = admin): Promise<ReplayAnswer> {
  const response = await graphqlRequest<{ replayRun: ReplayAnswer }>(rt.api.yoga, REPLAY, {
    authorization,
    variables,
  });
  if (response.data?.replayRun === undefined) throw new Error(JSON.stringify(response));
  return response.data.replayRun;
}

async function runEvents(runId: string): Promise<RecordedEvent[]> {
  return rt.log.readStream(runStream(runId), { fromRevision: 0, maxCount: 1000 });
}

/** A run with two steps, an inference, a kv.put allowed by policy and a payment gated, approved and reported. */
async function busyRun(): Promise<string> {
  const yoga = rt.api.yoga;
  const gated = await gatedPayment(yoga, app, 12);
  const { runId } = gated;
  await graphqlRequest(yoga, DECIDE, { authorization: reviewer, variables: { ...gated } });
  const resumed = await graphqlRequest<{ invokeTool: Record<string, string> }>(yoga, INVOKE, {
    authorization: app,
    variables: { ...gated.variables, approvalId: gated.approvalId },
  });
  const { callId, grantId } = resumed.data!.invokeTool;
  await graphqlRequest(yoga, REPORT, { authorization: app, variables: { runId, callId, grantId } });
  const put = await graphqlRequest<{ invokeTool: Record<string, string> }>(yoga, INVOKE, {
    authorization: app,
    variables: { runId, tool: 'kv.put', version: '2', args: { key: 'k', value: 1 } },
  });
  expect(put.data?.invokeTool).toMatchObject({ __typename: 'ToolCallCompleted' });
  const inferred = await requestInference(yoga, app, { runId, model: 'affine', inputs: X });
  expect(inferred.__typename).toBe('InferencePayload');
  await recordStep(yoga, app, runId);
  await graphqlRequest(yoga, COMPLETE, { authorization: app, variables: { runId } });
  return runId;
}

describe('replayRun', () => {
  it('given an ended run with inference and policy-decided calls, when replayed, then everything matches and RunReplayed is recorded', async () => {
    const runId = await busyRun();
    const before = await runEvents(runId);

    const answer = await replay({ runId, key: 'replay-1' });

    expect(answer).toMatchObject({
      __typename: 'RunReplay',
      verdict: 'match',
      replayed: false,
      omittedItems: 0,
    });
    expect(answer.counts).toEqual({
      // Two steps, the 22 fields of the run's read-model row and its timeline.
      state: { checked: 2 + 22 + 1, mismatches: 0 },
      inference: { checked: 1, mismatches: 0 },
      policy: { checked: 3, mismatches: 0 },
    });
    expect(answer.items.filter((item) => item.match !== true)).toEqual([]);
    // The inputs are recorded with the request (what makes the re-execution possible).
    expect(before.find((event) => event.type === 'InferenceRequested')?.data).toMatchObject({
      inputTensors: X,
    });
    expect(answer.items.filter((item) => item.check === 'inference')).toEqual([
      expect.objectContaining({ subject: 'outputDigest', tolerance: null }),
    ]);
    expect(answer.items.filter((item) => item.check === 'policy').map((item) => item.expected)).toEqual([
      { outcome: 'require_approval', determiningPolicies: ['payments-gate'] },
      { outcome: 'allow', determiningPolicies: ['app-any', 'payments-gate'] },
      { outcome: 'allow', determiningPolicies: ['app-any'] },
    ]);
    // Recorded on the ended run, through the run stream, without changing its status or counters.
    const after = await runEvents(runId);
    expect(after).toHaveLength(before.length + 1);
    const recorded = after.at(-1)!;
    expect(recorded).toMatchObject({ id: answer.event.id, type: 'RunReplayed', revision: before.length });
    expect((recorded.data as unknown as RunReplayedData).verdict).toBe('match');
    expect((recorded.data as unknown as RunReplayedData).throughRevision).toBe(before.length - 1);
    expect(answer.run).toEqual({ status: 'completed', stepCount: 2, inferenceCalls: 1, toolCalls: 2 });
  });

  it('when retried with the same key, then the recorded findings come back and nothing is appended', async () => {
    const runId = await busyRun();
    const first = await replay({ runId, key: 'replay-twice' });
    const length = (await runEvents(runId)).length;

    const again = await replay({ runId, key: 'replay-twice' });
    const other = await replay({ runId, key: 'replay-twice', options: { inference: false } });

    expect(again).toMatchObject({ replayed: true, verdict: 'match', event: first.event, items: first.items });
    expect(other).toMatchObject({ __typename: 'LedgerInputError', code: 'IDEMPOTENCY_CONFLICT' });
    expect(await runEvents(runId)).toHaveLength(length);
  });

  it('given a stored model file whose bytes were swapped, when replayed, then the mismatch names both SHA-256 and is recorded', async () => {
    const { run } = await startRun(rt.api.yoga, app);
    const inferred = await requestInference(rt.api.yoga, app, {
      runId: run.id,
      model: 'swappable',
      inputs: X,
    });
    const expected = inferred.inference!.model.sha256;
    const model = (await rt.inference!.registry.find('acme', 'swappable', '1'))!;
    const path = rt.inference!.registry.locate(model);
    const swapped = affineModel(3);
    await chmod(path, 0o600);
    await writeFile(path, swapped);
    const actual = createHash('sha256').update(swapped).digest('hex');

    const answer = await replay({ runId: run.id, options: { state: false, policy: false } });

    expect(answer.verdict).toBe('mismatch');
    expect(answer.items).toEqual([
      expect.objectContaining({
        check: 'inference',
        eventId: inferred.completedEvent!.id,
        subject: 'modelSha256',
        match: false,
        expected,
        actual,
      }),
    ]);
    const recorded = (await runEvents(run.id)).at(-1)!;
    expect(recorded.type).toBe('RunReplayed');
    expect((recorded.data as unknown as RunReplayedData).items[0]).toMatchObject({ expected, actual });
    const [violation] = await rt.log.readStream(modelStream('acme', 'swappable'), {
      direction: 'backwards',
      maxCount: 1,
    });
    expect(violation).toMatchObject({
      type: 'ModelIntegrityViolated',
      data: { expectedSha256: expected, actualSha256: actual },
    });
  });

  it("given another tenant's run, then it is answered as not found and the refusal recorded", async () => {
    const foreign = await startRun(rt.api.yoga, await rt.bearer('app', 'globex'));

    const answer = await replay({ runId: foreign.run.id });

    expect(answer).toMatchObject({ __typename: 'RunNotFoundError', code: 'RUN_NOT_FOUND' });
    await rt.refusals.flush();
    const refusals = await rt.log.readStream('refusals-acme', { direction: 'backwards', maxCount: 5 });
    expect(refusals.map((event) => event.data)).toContainEqual(
      expect.objectContaining({
        action: 'Mutation.replayRun',
        reason: 'NOT_FOUND',
        subjects: [foreign.run.id],
      }),
    );
    expect((await runEvents(foreign.run.id)).map((event) => event.type)).toEqual(['RunStarted']);
  });

  it('given a tampered copy of a run, then an altered decision and unreconstructible requests are mismatches', async () => {
    const copy = await tamperedCopy(await busyRun());

    const answer = await replay({ runId: copy.runId, options: { inference: false } });

    expect(answer.verdict).toBe('mismatch');
    const policy = answer.items.filter((item) => item.check === 'policy');
    expect(policy).toEqual([
      expect.objectContaining({
        eventId: copy.alteredEventId,
        subject: 'decision',
        match: false,
        expected: { outcome: 'allow', determiningPolicies: ['app-any'] },
        actual: { outcome: 'require_approval', determiningPolicies: ['payments-gate'] },
      }),
      expect.objectContaining({ subject: 'inputDigest', match: false }),
      expect.objectContaining({ subject: 'inputDigest', match: false }),
    ]);
    for (const item of policy.slice(1)) {
      expect(item.note).toContain('not reconstructible');
      expect(item.note).toContain('context.run');
    }
    expect(answer.items.filter((item) => item.check === 'state' && item.match !== true)).toEqual([]);
  });

  it('when every check is off, then it is an invalid command and nothing is recorded', async () => {
    const { run } = await startRun(rt.api.yoga, app);

    const answer = await replay({
      runId: run.id,
      options: { state: false, inference: false, policy: false },
    });

    expect(answer).toMatchObject({ __typename: 'InvalidCommandError', code: 'RUN_INVALID_COMMAND' });
    expect(await runEvents(run.id)).toHaveLength(1);
  });
});

/**
 * A copy of a run's stream under a new run id, as someone rewriting the ledger would make it: its first policy
 * decision says `allow` by `app-any` (with the digest of the request rebuilt for the copy, so that only the
 * outcome is wrong); the others keep the digests recorded for the original run, whose id their requests named.
 */
async function tamperedCopy(runId: string): Promise<{ runId: string; alteredEventId: string }> {
  const copyId = randomUUID();
  const original = await runEvents(runId);
  const ids = new Map(original.map((event) => [event.id, randomUUID()]));
  const events: NewEvent[] = original.map((event) => ({
    id: ids.get(event.id)!,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.type === 'RunStarted' ? { ...(event.data as object), runId: copyId } : event.data,
    meta: {
      ...event.meta,
      correlationId: ids.get(event.meta.correlationId) ?? event.meta.correlationId,
      causationId: ids.get(event.meta.causationId) ?? event.meta.causationId,
    },
  }));
  const asRecorded = events.map((event, revision) => ({ ...event, stream: runStream(copyId), revision }));
  const [first] = recordedPolicyDecisions(copyId, asRecorded as unknown as RecordedEvent[]);
  const tool = await rt.governance!.tools.find('acme', 'acme.pay', '1');
  const rebuilt = reconstructPolicyRequest(first!, tool);
  if (!('request' in rebuilt)) throw new Error('the copy should be reconstructible');
  const index = events.findIndex((event) => event.id === first!.eventId);
  events[index] = {
    ...events[index]!,
    data: {
      ...(events[index]!.data as object),
      outcome: 'allow',
      determiningPolicies: ['app-any'],
      inputDigest: sha256PolicyDigester.requestDigest(rebuilt.request),
    },
  };
  await rt.log.append(runStream(copyId), events, 'no_stream');
  return { runId: copyId, alteredEventId: first!.eventId };
}
