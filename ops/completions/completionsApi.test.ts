import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRun } from '../../graphql/testing/runOperations.js';
import { canonicalJson, verifyBundleOnNode } from '../../ledger/index.js';
import { API_KEY, COMPLETE, DECIDE, EMBED, openCompletionFixture } from './completionFixture.js';
import type { CompletionFixture } from './completionFixture.js';

// Governed completions end to end: the API over the governance the server composes (real Cedar, the shipped risk
// classifier on a CPU engine, the OpenAI-compatible adapter) against a real OpenAI-compatible peer on 127.0.0.1.

let f: CompletionFixture;
const hello = [{ role: 'user', content: 'Summarise the quarterly sales report for the board' }];

beforeAll(async () => {
  f = await openCompletionFixture();
  await f.engine('cloud', 'remote');
  await f.engine('ollama', 'local');
  await f.engine('gated', 'local');
});
afterAll(async () => f.close());

const eventsOf = async (runId: string, type: string) =>
  (await f.rt.log.readStream(`run-${runId}`)).filter((event) => event.type === type);
const blobText = async (digest: string) => {
  const bytes = await f.rt.governance!.blobs.get(digest);
  expect(bytes).not.toBeNull();
  expect(`sha256:${createHash('sha256').update(bytes!).digest('hex')}`).toBe(digest);
  return JSON.parse(new TextDecoder().decode(bytes!)) as Record<string, unknown>;
};

/** Since `head`, the ledger gained only the refusal of the reused key: `AccessRefused` naming the mutation. */
async function expectConflictRecordedOnly(head: number, mutation: string): Promise<void> {
  const after = await f.rt.log.readAll({ fromPosition: head + 1 });
  expect(after.map((event) => [event.stream, event.type])).toEqual([['refusals-acme', 'AccessRefused']]);
  expect(after[0]!.data).toMatchObject({ action: `Mutation.${mutation}`, reason: 'IDEMPOTENCY_CONFLICT' });
}

describe('requestCompletion through the API', () => {
  it('given no engine named and a local-only policy, when requested, then the remote and the gated engines are passed over, the first allowed answers, and prompt and response are blobs', async () => {
    const runId = await f.run();
    const before = f.peer.requests.length;
    const answer = await f.ask(COMPLETE, { runId, messages: hello });
    expect(answer).toMatchObject({
      __typename: 'CompletionReleased',
      engine: 'ollama',
      content: '50 characters, 8 words: Summarise the quarterly sales report for the board',
      finishReason: 'stop',
      reportedModel: 'peer-model',
      usage: { promptTokens: 8, completionTokens: 12, totalTokens: 20 },
    });
    const [requested] = await eventsOf(runId, 'CompletionRequested');
    const [completed] = await eventsOf(runId, 'CompletionCompleted');
    expect(requested!.data).toMatchObject({
      engine: { name: 'ollama', revision: 1 },
      endpoint: f.peer.baseUrl,
      locality: 'local',
      routing: {
        mode: 'routed',
        passedOver: [
          { engine: 'cloud', outcome: 'deny', determiningPolicies: ['local-only'] },
          { engine: 'gated', outcome: 'require_approval', determiningPolicies: ['gated-engine'] },
        ],
      },
      policy: { outcome: 'allow', determiningPolicies: ['app-completions'] },
    });
    const data = requested!.data as {
      promptBlob: { digest: string };
      requestKey: string;
      policy: { riskScore: unknown };
    };
    expect(typeof data.policy.riskScore).toBe('number');
    expect(await blobText(data.promptBlob.digest)).toEqual({ messages: hello, tools: [] });
    const response = (completed!.data as { responseBlob: { digest: string } }).responseBlob;
    expect(response.digest).toBe(answer.responseDigest);
    expect(await blobText(response.digest)).toEqual({ content: answer.content, toolCalls: [] });
    // Exactly one request reached the peer, carrying the recorded idempotency key; no text sits in the events.
    expect(f.peer.requests.slice(before).map((request) => request.headers['idempotency-key'])).toEqual([
      data.requestKey,
    ]);
    expect(JSON.stringify([requested, completed])).not.toContain('quarterly');
  });

  it('given the same idempotency key again, when requested, then the recorded answer comes back and the peer is not called', async () => {
    const runId = await f.run();
    const first = await f.ask(COMPLETE, { runId, engine: 'ollama', messages: hello, key: 'k-1' });
    const calls = f.peer.requests.length;
    const again = await f.ask(COMPLETE, { runId, engine: 'ollama', messages: hello, key: 'k-1' });
    expect(again).toEqual(first);
    expect(f.peer.requests.length).toBe(calls);
    const head = await f.rt.log.headPosition();
    const other = await f.ask(COMPLETE, {
      runId,
      engine: 'ollama',
      messages: [{ role: 'user', content: 'x' }],
      key: 'k-1',
    });
    expect(other).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    await expectConflictRecordedOnly(head!, 'requestCompletion');
  });

  it('given the same idempotency key with other inputs, when embeddings are asked for, then IDEMPOTENCY_CONFLICT, nothing appended but the refusal', async () => {
    const runId = await f.run();
    const first = await f.ask(EMBED, { runId, engine: 'ollama', inputs: ['a'], key: 'e-1' });
    expect(first.__typename).toBe('EmbeddingsCompleted');
    const head = await f.rt.log.headPosition();
    const other = await f.ask(EMBED, { runId, engine: 'ollama', inputs: ['b'], key: 'e-1' });
    expect(other).toMatchObject({ code: 'IDEMPOTENCY_CONFLICT' });
    await expectConflictRecordedOnly(head!, 'requestEmbeddings');
  });

  it('given the remote engine named, when requested, then refused POLICY_DENIED, recorded, and nothing sent', async () => {
    const runId = await f.run();
    const calls = f.peer.requests.length;
    const answer = await f.ask(COMPLETE, { runId, engine: 'cloud', messages: hello });
    expect(answer).toMatchObject({ __typename: 'CompletionRefused', reason: 'POLICY_DENIED' });
    const [denied] = await eventsOf(runId, 'CompletionDenied');
    expect(denied!.data).toMatchObject({
      engine: 'cloud',
      reason: 'POLICY_DENIED',
      details: { determiningPolicies: ['local-only'] },
    });
    expect(denied!.meta.actor.kind).toBeDefined();
    expect(f.peer.requests.length).toBe(calls);
  });

  it('given the gated engine, when requested, then pending; a reviewer grants; the same request with the approval id is answered', async () => {
    const runId = await f.run();
    const pending = await f.ask(COMPLETE, { runId, engine: 'gated', messages: hello });
    expect(pending).toMatchObject({ __typename: 'CompletionPendingApproval' });
    const approvalId = pending.approvalId as string;
    const [approval] = await eventsOf(runId, 'ApprovalRequested');
    expect(approval!.data).toMatchObject({
      callId: pending.completionId,
      tool: { name: 'engine:gated', version: 'peer-model' },
    });
    expect(await f.ask(DECIDE, { runId, approvalId }, f.reviewer)).toMatchObject({
      __typename: 'ApprovalDecision',
    });
    const resumed = await f.ask(COMPLETE, { runId, engine: 'gated', messages: hello, approvalId });
    expect(resumed).toMatchObject({ __typename: 'CompletionReleased', completionId: pending.completionId });
    expect((await eventsOf(runId, 'ApprovalGrantUsed')).length).toBe(1);
    const again = await f.ask(COMPLETE, { runId, engine: 'gated', messages: hello, approvalId });
    expect(again).toMatchObject({ __typename: 'CompletionGrantRefused', reason: 'GRANT_USED' });
    expect((await eventsOf(runId, 'ApprovalGrantRefused')).length).toBe(1);
  });

  it("given another tenant, when it names this tenant's engine, then the engine is unknown to it and its list is empty", async () => {
    const globex = await f.rt.bearer('app', 'globex');
    const runId = (await startRun(f.rt.api.yoga, globex)).run.id;
    const answer = await f.ask(COMPLETE, { runId, engine: 'ollama', messages: hello }, globex);
    expect(answer).toMatchObject({ __typename: 'CompletionRefused', reason: 'ENGINE_UNKNOWN' });
    expect(await f.raw('{ engines { name } }', {}, globex)).toMatchObject({ data: { engines: [] } });
    expect(await f.raw('{ engines { name } }', {}, f.app)).toMatchObject({
      data: { engines: [{ name: 'cloud' }, { name: 'gated' }, { name: 'ollama' }] },
    });
  });

  it('given an engine registered again, then the same definition records nothing and a changed one is revision 2', async () => {
    expect(await f.engine('ollama', 'local')).toMatchObject({
      alreadyRegistered: true,
      engine: { revision: 1 },
    });
    expect(await f.engine('spare', 'local')).toMatchObject({
      alreadyRegistered: false,
      engine: { revision: 1 },
    });
    expect(await f.engine('spare', 'local', { timeoutMs: 3_000 })).toMatchObject({ engine: { revision: 2 } });
    const bad = await f.raw(
      `mutation { registerEngine(name: "leaky", kind: openai_compatible, baseUrl: "http://user:${API_KEY}@127.0.0.1/v1",
        model: "m", locality: local, timeoutMs: 1000, maxRetries: 0) { __typename } }`,
      {},
      f.admin,
    );
    expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'ENGINE_INVALID' });
    const missingKey = await f.raw(
      `mutation { registerEngine(name: "keyless", kind: openai_compatible, baseUrl: "http://127.0.0.1:9/v1",
        model: "m", apiKeyFile: "/nonexistent/mir/openai.key", locality: remote, timeoutMs: 1000, maxRetries: 0) {
        __typename } }`,
      {},
      f.admin,
    );
    expect(missingKey.errors?.[0]?.extensions).toMatchObject({ reason: 'ENGINE_SECRET_UNREADABLE' });
    expect(JSON.stringify(await f.raw('{ engines { name } }', {}, f.admin))).not.toContain('keyless');
    expect(JSON.stringify(bad)).not.toContain(API_KEY);
  });

  it('given embeddings asked of the local engine, then one vector per input, recorded with blobs', async () => {
    const runId = await f.run();
    const answer = await f.ask(EMBED, { runId, engine: 'ollama', inputs: ['alpha', 'beta'] });
    expect(answer).toMatchObject({ __typename: 'EmbeddingsCompleted' });
    expect((answer.vectors as number[][]).map((vector) => vector.length)).toEqual([8, 8]);
    expect(await blobText(answer.responseDigest as string)).toEqual({ vectors: answer.vectors });
    const [requested] = await eventsOf(runId, 'CompletionRequested');
    expect(requested!.data).toMatchObject({ kind: 'embeddings', messageCount: 2 });
  });

  it('given a run with completions, then replay, time travel and a fork read it without calling the engine again', async () => {
    const runId = await f.run({ maxTokens: 1_000 });
    await f.ask(COMPLETE, { runId, engine: 'ollama', messages: hello });
    await f.ask(COMPLETE, { runId, engine: 'cloud', messages: hello });
    const calls = f.peer.requests.length;
    const replay = await f.ask(
      `mutation($runId: ID!) { replayRun(runId: $runId) { __typename ... on RunReplay { verdict } } }`,
      { runId },
      f.admin,
    );
    expect(replay).toMatchObject({ __typename: 'RunReplay', verdict: 'match' });
    const [completed] = await eventsOf(runId, 'CompletionCompleted');
    const asOf = await f.raw(
      `query($id: ID!, $asOf: Position) { run(id: $id, asOf: $asOf) { id status } }`,
      { id: runId, asOf: completed!.position },
      f.app,
    );
    expect(asOf.data).toMatchObject({ run: { id: runId, status: 'running' } });
    const fork = await f.ask(
      `mutation($runId: ID!) { forkRun(runId: $runId, atStep: 0, reason: "try again") { __typename ... on Error { message } } }`,
      { runId },
    );
    expect(fork.message ?? null).toBe(null);
    expect(fork).toMatchObject({ __typename: 'RunCommandPayload' });
    expect(f.peer.requests.length).toBe(calls);
  });

  it("given a completed completion, when the run's evidence bundle is asked for, then it carries the prompt and response blobs and verifies offline; a changed blob byte fails", async () => {
    const runId = await f.run();
    const answer = await f.ask(COMPLETE, { runId, engine: 'ollama', messages: hello });
    expect(answer.__typename).toBe('CompletionReleased');
    await f.rt.ledger.checkpointNow();
    const bundleAnswer = await f.ask(
      `query($id: ID!) { evidenceBundle(runId: $id) { content } }`,
      { id: runId },
      f.admin,
    );
    const content = String(bundleAnswer.content);
    const bundle = JSON.parse(content) as { blobs?: { digest: string; bytes: string }[] };
    const [requested] = await eventsOf(runId, 'CompletionRequested');
    const prompt = (requested!.data as { promptBlob: { digest: string } }).promptBlob.digest;
    expect(bundle.blobs?.map((blob) => blob.digest)).toEqual(
      expect.arrayContaining([prompt, answer.responseDigest]),
    );
    const keys = { publicKeys: [f.rt.ledger.verifierKey] };
    expect(verifyBundleOnNode(Buffer.from(content), keys).failure).toBeNull();
    const carried = bundle.blobs!.find((blob) => blob.digest === prompt)!;
    const bytes = Buffer.from(carried.bytes, 'base64');
    bytes[0] = bytes[0]! ^ 1;
    carried.bytes = bytes.toString('base64');
    const tampered = verifyBundleOnNode(Buffer.from(`${canonicalJson(bundle)}\n`), keys);
    expect(tampered.failure).toMatchObject({ code: 'BLOB_HASH_MISMATCH' });
  });

  it('given everything above, then the API key is nowhere in the ledger', async () => {
    const everything = JSON.stringify(await f.rt.log.readAll());
    expect(everything).toContain('EngineRegistered');
    expect(everything).not.toContain(API_KEY);
  });
});
