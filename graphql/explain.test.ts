import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../domain/index.js';
import { hashLeaf, verifyBundleOnNode, verifyInclusion } from '../ledger/index.js';
import { INVOKE, setUpPaymentGate } from './testing/governanceOperations.js';
import { errorCodes, graphqlRequest } from './testing/graphqlRequest.js';
import type { GraphqlResponse } from './testing/graphqlRequest.js';
import { requestInference } from './testing/inferenceOperations.js';
import { recordStep, startRun } from './testing/runOperations.js';
import { affineModel } from './testing/testModels.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

// explain over the real parts: a SQLite ledger, Cedar policies, approvals, memory, ONNX Runtime on CPU.

const EXPLAIN = `query($id: ID!) { explain(eventId: $id) {
  event { id type position hash correlationId causationId }
  causation { truncated events { id causationId } }
  correlation { truncated events { id correlationId } }
  run { id status stepCount toolCalls asOf }
  budgets { budget used limit }
  policyDecisions { outcome policySetVersion policySetSha256 approved policies { id text } }
  approval { approvalId requestedBy argsDigest expiresAt decision { outcome by at } used { by at } }
  memories { memoryId memoryRevision provenance reviewer appliedBy }
  model { name version sha256 executionProvider runtime runtimeVersion inputDigest outputDigest }
  inclusionProof { leafIndex treeSize leafHash hashes checkpoint { treeSize rootHash } }
  notCoveredReason
  summary
} }`;
const DECIDE = `mutation($runId: ID!, $approvalId: ID!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: APPROVE, reason: "ok") { __typename } }`;
const REPORT = `mutation($runId: ID!, $callId: ID!, $grantId: ID!) {
  recordToolResult(runId: $runId, callId: $callId, grantId: $grantId, output: { paid: true }) { __typename } }`;
const PROPOSE = `mutation($provenance: [ID!]) { proposeMemory(type: fact, scope: tenant, content: "pay on Fridays",
  provenance: $provenance) { ... on MemoryPayload { memoryId } } }`;
const REVIEW = `mutation($id: ID!) { reviewMemory(memoryId: $id, decision: APPROVE, reason: "true") { __typename } }`;
const APPLY = `mutation($runId: ID!, $id: ID!) { applyMemory(runId: $runId, memoryId: $id) { __typename } }`;
const X = { name: 'x', type: 'float32', dims: [1, 3], data: [1, 2, 3] };

type Data = Record<string, Record<string, unknown>>;
let rt: TestRuntime;
let keys: Record<'admin' | 'app' | 'reviewer' | 'auditor', { keyId: string; bearer: string }>;
let runId: string;
let startedId: string;
let memoryId: string;

async function request(query: string, who: keyof typeof keys, variables: Record<string, unknown> = {}) {
  const response = await graphqlRequest<Data>(rt.api.yoga, query, {
    authorization: keys[who].bearer,
    variables,
  });
  expect(response.errors, JSON.stringify(response.errors)).toBeUndefined();
  return response.data!;
}

const explain = (id: string, who: keyof typeof keys = 'auditor') =>
  graphqlRequest<Data>(rt.api.yoga, EXPLAIN, { authorization: keys[who].bearer, variables: { id } });

/** The run's events of `type`, from the ledger itself. */
async function runEvents(type: string): Promise<RecordedEvent[]> {
  return (await rt.log.readStream(`run-${runId}`)).filter((event) => event.type === type);
}

/** A run that recorded a step, applied a memory, made a gated payment (approved, then done) and an inference. */
async function recordHistory(): Promise<void> {
  await setUpPaymentGate(rt.api.yoga, keys.admin.bearer);
  const started = await startRun(rt.api.yoga, keys.app.bearer, { budget: { maxToolCalls: 10, maxSteps: 5 } });
  runId = started.run.id;
  startedId = started.events[0]!.id;
  await recordStep(rt.api.yoga, keys.app.bearer, runId);
  memoryId = (await request(PROPOSE, 'app', { provenance: [startedId] })).proposeMemory!.memoryId as string;
  await request(REVIEW, 'reviewer', { id: memoryId });
  await request(APPLY, 'app', { runId, id: memoryId });
  const call = { runId, tool: 'acme.pay', version: '1', args: { amount: 5 } };
  const pending = (await request(INVOKE, 'app', call)).invokeTool!;
  expect(pending.__typename).toBe('ToolCallPendingApproval');
  await request(DECIDE, 'reviewer', { runId, approvalId: pending.approvalId });
  const granted = (await request(INVOKE, 'app', { ...call, approvalId: pending.approvalId })).invokeTool!;
  expect(granted.__typename).toBe('ToolCallGranted');
  const report = { runId, callId: granted.callId, grantId: granted.grantId };
  expect((await request(REPORT, 'app', report)).recordToolResult!.__typename).toBe('ToolCallCompleted');
  const inferred = await requestInference(rt.api.yoga, keys.app.bearer, {
    runId,
    model: 'affine',
    inputs: [X],
  });
  expect(inferred.__typename).toBe('InferencePayload');
  await rt.readModels.runner.waitFor((await rt.log.headPosition())!);
}

beforeAll(async () => {
  rt = await openTestRuntime({ store: 'sqlite', governance: true, inference: {} });
  const issued = await Promise.all(
    (['admin', 'app', 'reviewer', 'auditor'] as const).map(
      async (role) => [role, await rt.issue(role)] as const,
    ),
  );
  keys = Object.fromEntries(
    issued.map(([role, key]) => [role, { keyId: key.keyId, bearer: `Bearer ${key.token}` }]),
  ) as typeof keys;
  const operator = { actor: { kind: 'user', id: 'test-operator' }, tenant: 'acme' } as const;
  await rt.inference!.registerModel({ bytes: affineModel(), name: 'affine', version: '1' }, operator);
  await recordHistory();
  await rt.ledger.checkpointNow();
});
afterAll(async () => rt.close());

describe('explain(eventId)', () => {
  it('given an approved, executed payment on a run with a memory, when its completion is explained, then every section says what the ledger holds', async () => {
    const [completed] = await runEvents('ToolCallCompleted');
    const [requested] = await runEvents('ToolCallRequested');
    const response = await explain(completed!.id);
    expect(response.errors).toBeUndefined();
    const explained = response.data!.explain!;
    expect(explained.event).toMatchObject({ id: completed!.id, type: 'ToolCallCompleted' });
    expect(explained.run).toEqual({
      id: runId,
      status: 'running',
      stepCount: 1,
      toolCalls: 1,
      asOf: completed!.position,
    });
    expect(explained.budgets).toEqual(
      expect.arrayContaining([
        { budget: 'toolCalls', used: 1, limit: 10 },
        { budget: 'steps', used: 1, limit: 5 },
      ]),
    );
    const decisions = explained.policyDecisions as {
      outcome: string;
      policies: { id: string; text: string }[];
    }[];
    expect(
      decisions.map((decision) => [decision.outcome, decision.policies.map((policy) => policy.id)]),
    ).toEqual([
      ['require_approval', ['payments-gate']],
      // Re-decided with the grant: Cedar names both the permit and the gate the approval lifted.
      ['allow', ['app-any', 'payments-gate']],
    ]);
    expect(decisions[0]!.policies[0]!.text).toMatch(/^@id\("payments-gate"\)[\s\S]*forbid\(/);
    expect(decisions[1]!.policies[0]!.text).toMatch(/^@id\("app-any"\)[\s\S]*permit\(/);
    expect(decisions[1]).toMatchObject({ policySetVersion: 1, approved: true });
    expect(explained.approval).toMatchObject({
      requestedBy: keys.app.keyId,
      argsDigest: (requested!.data as { argsDigest: string }).argsDigest,
      decision: { outcome: 'granted', by: keys.reviewer.keyId },
      used: { by: keys.app.keyId },
    });
    expect(explained.memories).toEqual([
      {
        memoryId,
        memoryRevision: 1,
        provenance: [startedId],
        reviewer: keys.reviewer.keyId,
        appliedBy: keys.app.keyId,
      },
    ]);
    expect(explained.model).toBeNull();
    expect(explained.summary).toBe(
      `${keys.app.keyId}'s call to acme.pay@1 on run ${runId} was allowed by policy app-any, payments-gate (policy set v1) and ` +
        `completed; approved by ${keys.reviewer.keyId}, grant used; 1 memory applied; 1/5 steps used; ` +
        `1/10 tool calls used; 0 inference calls used (no limit); covered by the signed checkpoint of ` +
        `${rt.ledger.latestCheckpoint()!.checkpoint.treeSize} events`,
    );
  });

  it('given the decision taken with the grant, when it is explained, then its causation is the grant use that started its append and its correlation is that command', async () => {
    const [grantUsed] = await runEvents('ApprovalGrantUsed');
    const allowed = (await runEvents('PolicyDecided')).at(-1)!;
    expect(allowed.meta.causationId).toBe(grantUsed!.id);
    const explained = (await explain(allowed.id)).data!.explain!;
    expect(explained.causation).toEqual({
      truncated: false,
      events: [{ id: grantUsed!.id, causationId: grantUsed!.id }],
    });
    const correlated = (await rt.log.readStream(`run-${runId}`)).filter(
      (event) => event.meta.correlationId === allowed.meta.correlationId,
    );
    expect(correlated.map((event) => event.id)).toEqual(expect.arrayContaining([grantUsed!.id, allowed.id]));
    expect(explained.correlation).toEqual({
      truncated: false,
      events: correlated.map((event) => ({ id: event.id, correlationId: allowed.meta.correlationId })),
    });
  });

  it('given an inference on a generated ONNX model, when its completion is explained, then the model section names model, SHA-256, provider, runtime and digests', async () => {
    const [completed] = await runEvents('InferenceCompleted');
    const data = completed!.data as {
      model: { sha256: string };
      runtimeVersion: string;
      inputDigest: string;
      outputDigest: string;
    };
    expect(data.runtimeVersion).toMatch(/^\d+\.\d+/);
    const explained = (await explain(completed!.id)).data!.explain!;
    expect(explained.model).toEqual({
      name: 'affine',
      version: '1',
      sha256: data.model.sha256,
      executionProvider: 'cpu',
      runtime: 'onnxruntime-node',
      runtimeVersion: data.runtimeVersion,
      inputDigest: data.inputDigest,
      outputDigest: data.outputDigest,
    });
    expect(explained.summary).toContain(`inference on affine@1 on run ${runId}`);
  });

  it('given a covered event, then its inclusion proof verifies against the latest signed checkpoint with the ledger verifier', async () => {
    const [completed] = await runEvents('ToolCallCompleted');
    const explained = (await explain(completed!.id)).data!.explain!;
    const proof = explained.inclusionProof as { leafIndex: number; treeSize: number; hashes: string[] };
    const latest = rt.ledger.latestCheckpoint()!.checkpoint;
    expect(proof).toMatchObject({ leafIndex: completed!.position, treeSize: latest.treeSize });
    expect(explained.notCoveredReason).toBeNull();
    const leaf = hashLeaf(Buffer.from(completed!.hash, 'hex'));
    const path = proof.hashes.map((hash) => Buffer.from(hash, 'hex'));
    expect(() => verifyInclusion(leaf, proof.leafIndex, proof.treeSize, path, latest.rootHash)).not.toThrow();
    const flipped = Buffer.from(path[0]!);
    flipped[0] = flipped[0]! ^ 1;
    expect(() =>
      verifyInclusion(leaf, proof.leafIndex, proof.treeSize, [flipped, ...path.slice(1)], latest.rootHash),
    ).toThrow();
  });

  it('given an event after the latest checkpoint, then there is no proof and the reason says it is not yet covered', async () => {
    const step = await recordStep(rt.api.yoga, keys.app.bearer, runId);
    const event = step.events!.find((candidate) => candidate.type === 'StepRecorded')!;
    const explained = (await explain(event.id)).data!.explain!;
    expect(explained.inclusionProof).toBeNull();
    expect(explained.notCoveredReason).toBe(
      `not yet covered: the latest signed checkpoint holds ${rt.ledger.latestCheckpoint()!.checkpoint.treeSize} ` +
        `events and this event is at position ${event.position}`,
    );
    expect(explained.summary).toContain('not yet covered by a signed checkpoint');
  });

  it("given another tenant's event id or an unknown one, then both are NOT_FOUND and both refusals are recorded as evidence", async () => {
    const foreign = await startRun(rt.api.yoga, await rt.bearer('app', 'globex'));
    const foreignId = foreign.events[0]!.id;
    const unknownId = '01930000-0000-7000-8000-000000000000';
    const before = await refusals();
    const answers: GraphqlResponse<Data>[] = [await explain(foreignId), await explain(unknownId)];
    expect(answers.map(errorCodes)).toEqual([['NOT_FOUND'], ['NOT_FOUND']]);
    expect(answers[0]!.errors![0]!.message).toBe(`event ${foreignId} not found`);
    const recorded = (await refusals()).slice(before.length);
    expect(recorded.map((event) => [event.type, event.meta.tenant, event.data])).toEqual([
      [
        'AccessRefused',
        'acme',
        expect.objectContaining({
          action: 'Query.explain',
          reason: 'NOT_FOUND',
          subjects: [foreignId],
          keyId: keys.auditor.keyId,
        }),
      ],
      [
        'AccessRefused',
        'acme',
        expect.objectContaining({ action: 'Query.explain', reason: 'NOT_FOUND', subjects: [unknownId] }),
      ],
    ]);
  });

  it('given a malformed id, then a bad-input error names the argument and the rule', async () => {
    const answer = await explain('not-an-id');
    expect(errorCodes(answer)).toEqual(['BAD_USER_INPUT']);
    expect(answer.errors![0]!.message).toMatch(/eventId[\s\S]*must be a lowercase UUID/);
  });
});

async function refusals(): Promise<RecordedEvent[]> {
  await rt.refusals.flush();
  return rt.log.readStream('refusals-acme');
}

const BUNDLE = `query($id: ID!) { evidenceBundle(runId: $id) { runId format treeSize sha256 bytes content } }`;
const bundleOf = (id: string, who: keyof typeof keys = 'auditor') =>
  graphqlRequest<Data>(rt.api.yoga, BUNDLE, { authorization: keys[who].bearer, variables: { id } });

describe('evidenceBundle(runId) of the same run', () => {
  it('given the run under a checkpoint, then its bundle verifies offline and carries what its decisions named', async () => {
    await rt.ledger.checkpointNow();
    const answer = await bundleOf(runId);
    expect(answer.errors).toBeUndefined();
    const bundle = answer.data!.evidenceBundle as { content: string; sha256: string; treeSize: number };
    expect(createHash('sha256').update(bundle.content).digest('hex')).toBe(bundle.sha256);
    const report = verifyBundleOnNode(Buffer.from(bundle.content), { publicKeys: [rt.ledger.verifierKey] });
    expect(report.failure).toBeNull();
    expect(report.checkpoint?.treeSize).toBe(bundle.treeSize);
    const types = new Set(report.timeline.map((entry) => entry.type));
    for (const type of [
      'PolicySetPublished',
      'ToolRegistered',
      'ModelRegistered',
      'MemoryProposed',
      'MemoryReviewed',
    ])
      expect(types, type).toContain(type);
    for (const type of ['ApprovalGranted', 'InferenceRequested', 'MemoryApplied'])
      expect(types, type).toContain(type);
  });

  it('given a run newer than every checkpoint, then the answer is NOT_YET_CHECKPOINTED (409): ask again later', async () => {
    await recordStep(rt.api.yoga, keys.app.bearer, runId);
    const answer = await bundleOf(runId);
    expect(errorCodes(answer)).toEqual(['NOT_YET_CHECKPOINTED']);
    await rt.ledger.checkpointNow();
    expect((await bundleOf(runId)).errors).toBeUndefined();
  });

  it("given another tenant's run id or an unknown one, then both are NOT_FOUND and both refusals are recorded", async () => {
    const foreign = (await startRun(rt.api.yoga, await rt.bearer('app', 'globex'))).run.id;
    const unknown = '01930000-0000-7000-8000-0000000000aa';
    const before = await refusals();
    expect((await Promise.all([bundleOf(foreign), bundleOf(unknown)])).map(errorCodes)).toEqual([
      ['NOT_FOUND'],
      ['NOT_FOUND'],
    ]);
    const recorded = (await refusals()).slice(before.length).map((event) => event.data);
    expect(recorded).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ action: 'Query.evidenceBundle', reason: 'NOT_FOUND', subjects: [foreign] }),
        expect.objectContaining({ action: 'Query.evidenceBundle', reason: 'NOT_FOUND', subjects: [unknown] }),
      ]),
    );
  });
});
