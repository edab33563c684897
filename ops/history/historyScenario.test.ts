import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookServer } from '../rollback/hookServer.js';
import type { HookServer } from '../rollback/hookServer.js';
import { foldRun, runStateDigest, runStream } from '../../domain/index.js';
import { requestInference } from '../../graphql/testing/inferenceOperations.js';
import { recordStep, startRun } from '../../graphql/testing/runOperations.js';
import { affineModel } from '../../graphql/testing/testModels.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';
import { call, INVOKE, PUBLISH, ROLLBACK } from '../rollback/rollbackOperations.js';
import type { Answer } from '../rollback/rollbackOperations.js';
import { sha256Digester } from '../toolCalls/sha256Digester.js';
import { KV_WRITE_TOOL_VERSION } from '../tools/index.js';

// The history acts, end to end over GraphQL on the real SQLite ledger, the built-in kv tools, http.post to a real
// server on 127.0.0.1, reviewed memory, ONNX Runtime on a generated model and Cedar: one run is rolled back to
// step 2, then forked from step 1, then replayed, and every verb's evidence is checked against the ledger.

const POLICIES = `
@id("tools") permit(principal, action == Mir::Action::"invokeTool", resource)
  when { principal.role == "app" || principal.role == "admin" };
@id("rollback-admins") permit(principal, action == Mir::Action::"rollbackRun", resource)
  when { principal.role == "admin" };
`;
const PROPOSE = `mutation($content: String!) { proposeMemory(type: fact, scope: tenant, content: $content) {
  __typename ... on MemoryPayload { memoryId } } }`;
const REVIEW = `mutation($id: ID!) { reviewMemory(memoryId: $id, decision: APPROVE, reason: "ok") { __typename } }`;
const APPLY = `mutation($runId: ID!, $id: ID!) { applyMemory(runId: $runId, memoryId: $id) { __typename } }`;
const FORK = `mutation($runId: ID!, $atStep: Int!, $reason: String!) {
  forkRun(runId: $runId, atStep: $atStep, reason: $reason) {
    __typename ... on RunCommandPayload { run { id status stepCount toolCalls } } ... on Error { code message } } }`;
const RUN = `query($id: ID!) { run(id: $id) { status stepCount
  forkedFrom { runId position step stateDigest } forks { id } } }`;
const REPLAY = `mutation($runId: ID!) { replayRun(runId: $runId) {
  __typename
  ... on RunReplay { verdict
    counts { state { checked mismatches } inference { checked mismatches } policy { checked mismatches } }
    items { check eventId subject match expected actual note } }
  ... on Error { code message } } }`;
const X = [{ name: 'x', type: 'float32', dims: [2, 3], data: [1, 2, 3, 0.5, -0.25, 4] }];
const OPERATOR = { actor: { kind: 'user', id: 'test-operator' }, tenant: 'acme' } as const;

let rt: TestRuntime;
let hook: HookServer;
let admin: string;
let app: string;
let reviewer: string;

beforeAll(async () => {
  hook = await startHookServer();
  rt = await openTestRuntime({
    store: 'sqlite',
    inference: {},
    governance: true,
    httpAllowedHosts: [hook.host],
  });
  await rt.inference!.registerModel({ bytes: affineModel(), name: 'affine', version: '1' }, OPERATOR);
  [admin, app, reviewer] = await Promise.all([rt.bearer('admin'), rt.bearer('app'), rt.bearer('reviewer')]);
  expect(await call(rt.api.yoga, admin, PUBLISH, { p: POLICIES })).toMatchObject({
    __typename: 'PublishPolicyPayload',
  });
});
afterAll(async () => {
  await rt.close();
  await hook.close();
});

const invoke = (runId: string, tool: string, args: object) =>
  call(rt.api.yoga, app, INVOKE, {
    runId,
    tool,
    version: tool === 'kv.put' ? KV_WRITE_TOOL_VERSION : '1',
    args,
  });
const put = async (runId: string, key: string, value: number) =>
  expect(await invoke(runId, 'kv.put', { key, value })).toMatchObject({ __typename: 'ToolCallCompleted' });

/** The kv store as a fresh run of the tenant reads it. */
async function kvState(...keys: string[]): Promise<Record<string, unknown>> {
  const reader = (await startRun(rt.api.yoga, app)).run.id;
  const state: Record<string, unknown> = {};
  for (const key of keys) state[key] = ((await invoke(reader, 'kv.get', { key })).output as Answer).current;
  return state;
}

async function replay(runId: string): Promise<Answer> {
  return call(rt.api.yoga, admin, REPLAY, { runId });
}

describe('the history acts: roll back, fork, replay', () => {
  it('given a run that wrote keys, posted, applied memory and ran inference, then it is rolled back to step 2, forked from step 1, and replays with everything matching', async () => {
    // Given: step 1 writes s1; step 2 rewrites s1, writes s2, posts, applies a memory and runs inference; step 3 writes s3.
    const runId = (await startRun(rt.api.yoga, app)).run.id;
    await recordStep(rt.api.yoga, app, runId);
    await put(runId, 's1', 1);
    await recordStep(rt.api.yoga, app, runId);
    await put(runId, 's1', 2);
    await put(runId, 's2', 1);
    const post = await invoke(runId, 'http.post', { url: hook.url, body: 'hello' });
    expect(post).toMatchObject({ __typename: 'ToolCallCompleted' });
    const memoryId = (await call(rt.api.yoga, app, PROPOSE, { content: 'scenario fact' })).memoryId as string;
    await call(rt.api.yoga, reviewer, REVIEW, { id: memoryId });
    await call(rt.api.yoga, app, APPLY, { runId, id: memoryId });
    const inferred = await requestInference(rt.api.yoga, app, { runId, model: 'affine', inputs: X });
    expect(inferred.__typename).toBe('InferencePayload');
    await recordStep(rt.api.yoga, app, runId);
    await put(runId, 's3', 1);
    const postsBefore = hook.posts();

    // When: rolled back to step 2.
    const rolledBack = await call(rt.api.yoga, admin, ROLLBACK, { runId, toStep: 2, reason: 'undo step 3' });

    // Then: the calls after step 2 are compensated (latest first), the post is listed, the memory un-applied.
    expect(rolledBack).toMatchObject({ __typename: 'RollbackEnded', status: 'rolled_back', failed: [] });
    expect(rolledBack.compensated).toHaveLength(3);
    expect(rolledBack.leftBehind).toEqual([
      expect.objectContaining({ callId: post.callId, tool: 'http.post', why: 'irreversible' }),
    ]);
    expect(rolledBack.unapplied).toEqual([expect.objectContaining({ memoryId })]);
    expect(await kvState('s1', 's2', 's3')).toEqual({ s1: { value: 1 }, s2: null, s3: null });
    expect(hook.posts()).toBe(postsBefore);
    const source = await rt.log.readStream(runStream(runId));
    const compensations = source.filter(
      (event) => event.type === 'ToolCallRequested' && (event.data as Answer).compensates !== undefined,
    );
    expect(compensations).toHaveLength(3);
    expect(source.filter((event) => event.type === 'ToolCallCompleted')).toHaveLength(4 + 1 + 3);
    expect(source.at(-1)).toMatchObject({ type: 'RunRolledBack' });

    // When: forked from step 1.
    const forked = await call(rt.api.yoga, app, FORK, { runId, atStep: 1, reason: 'try another branch' });

    // Then: the fork names the source, the point and the digest of the source's state there; the source is as it was.
    expect(forked).toMatchObject({ __typename: 'RunCommandPayload', run: { stepCount: 1, toolCalls: 0 } });
    const forkId = (forked.run as Answer).id as string;
    const fork = await call(rt.api.yoga, admin, RUN, { id: forkId });
    const origin = fork.forkedFrom as { position: number; stateDigest: string; step: number; runId: string };
    expect(origin).toMatchObject({ runId, step: 1 });
    const atStep1 = foldRun(source.filter((event) => event.position <= origin.position));
    expect(atStep1).toMatchObject({ steps: 1, toolCalls: 0 });
    expect(origin.stateDigest).toBe(runStateDigest(atStep1, sha256Digester));
    expect(await rt.log.readStream(runStream(runId))).toHaveLength(source.length);
    expect(await call(rt.api.yoga, admin, RUN, { id: runId })).toMatchObject({
      status: 'rolled_back',
      forks: [{ id: forkId }],
    });

    // When: the source is replayed. Then: its state, its inference and every policy decision match.
    const replayed = await replay(runId);
    const mismatches = (replayed.items as Answer[]).filter((item) => item.match === false);
    expect(mismatches).toEqual([]);
    expect(replayed).toMatchObject({ __typename: 'RunReplay', verdict: 'match' });
    const counts = replayed.counts as Record<string, { checked: number; mismatches: number }>;
    expect(counts.inference).toEqual({ checked: 1, mismatches: 0 });
    // Five calls by the app and three compensations were each decided by policy.
    expect(counts.policy).toEqual({ checked: 8, mismatches: 0 });
    expect(counts.state!.mismatches).toBe(0);
    expect((await rt.log.readStream(runStream(runId))).at(-1)).toMatchObject({ type: 'RunReplayed' });
  });
});
