import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHookServer } from './hookServer.js';
import type { HookServer } from './hookServer.js';
import type { RecordedEvent } from '../../domain/index.js';
import { recordStep, startRun } from '../../graphql/testing/runOperations.js';
import { listen } from '../../graphql/testing/httpServer.js';
import { nextResults, subscriptionClient } from '../../graphql/testing/subscriptionClients.js';
import { openTestRuntime } from '../../graphql/testing/testRuntime.js';
import type { TestRuntime } from '../../graphql/testing/testRuntime.js';
import { KV_WRITE_TOOL_VERSION } from '../tools/index.js';
import { call, INVOKE, PUBLISH, ROLLBACK } from './rollbackOperations.js';
import type { Answer } from './rollbackOperations.js';

// rollbackRun end to end: GraphQL over the real SQLite ledger, the built-in kv.* tools (their compensations),
// http.post (irreversible) against a real HTTP server on 127.0.0.1, memory proposed, reviewed and applied, Cedar.

const POLICIES = `
@id("tools") permit(principal, action == Mir::Action::"invokeTool", resource)
  when { principal.role == "app" || principal.role == "admin" };
@id("rollback-admins") permit(principal, action == Mir::Action::"rollbackRun", resource)
  when { principal.role == "admin" };
`;
const FORBID_IRREVERSIBLE = `${POLICIES}
@id("no-irreversible-rollback") @reason("a rollback must not leave irreversible effects behind")
forbid(principal, action == Mir::Action::"rollbackRun", resource) when { context.rollback.irreversible > 0 };
`;
const APPROVAL_GATE = `${POLICIES}
@id("irreversible-rollback-gate") @approval("required") @reason("irreversible effects stay: a reviewer decides")
forbid(principal, action == Mir::Action::"rollbackRun", resource) when { context.rollback.irreversible > 0 };
`;
const DECIDE = `mutation($runId: ID!, $approvalId: ID!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: APPROVE, reason: "looked at it") {
    __typename ... on ApprovalDecision { outcome } ... on Error { code message } } }`;
const PROPOSE = `mutation($content: String!) { proposeMemory(type: fact, scope: tenant, content: $content) {
  __typename ... on MemoryPayload { memoryId } } }`;
const REVIEW = `mutation($id: ID!) { reviewMemory(memoryId: $id, decision: APPROVE, reason: "ok") { __typename } }`;
const APPLY = `mutation($runId: ID!, $id: ID!) { applyMemory(runId: $runId, memoryId: $id) { __typename } }`;
const RUN = `query($id: ID!) { run(id: $id) { status } }`;
const COMPLETE = `mutation($runId: ID!) { completeRun(runId: $runId, output: { done: true }) { __typename } }`;
const RUN_EVENTS = `subscription($runId: ID!) { runEvents(runId: $runId) { position type } }`;

let rt: TestRuntime;
let hook: HookServer;
let admin: string;
let app: string;
let reviewer: string;

beforeAll(async () => {
  hook = await startHookServer();
  rt = await openTestRuntime({ governance: true, store: 'sqlite', httpAllowedHosts: [hook.host] });
  [admin, app, reviewer] = await Promise.all([rt.bearer('admin'), rt.bearer('app'), rt.bearer('reviewer')]);
  expect(await call(rt.api.yoga, admin, PUBLISH, { p: POLICIES })).toMatchObject({
    __typename: 'PublishPolicyPayload',
  });
});
afterAll(async () => {
  await rt.close();
  await hook.close();
});

/** The built-in tools' versions: kv writes are at version 2 (rate limited), the rest at 1. */
const VERSIONS: Readonly<Record<string, string>> = { 'kv.put': KV_WRITE_TOOL_VERSION };
const invoke = (runId: string, tool: string, args: object) =>
  call(rt.api.yoga, app, INVOKE, { runId, tool, version: VERSIONS[tool] ?? '1', args });
const put = async (runId: string, key: string, value: number) =>
  expect(await invoke(runId, 'kv.put', { key, value })).toEqual(
    expect.objectContaining({ __typename: 'ToolCallCompleted' }),
  );
const rollback = (runId: string, variables: Record<string, unknown>, as = admin) =>
  call(rt.api.yoga, as, ROLLBACK, { runId, reason: 'undo the bad branch', ...variables });
const runEvents = (runId: string): Promise<RecordedEvent[]> => rt.log.readStream(`run-${runId}`);

/** The kv store as a fresh run of the tenant reads it. */
async function kvState(...keys: string[]): Promise<Record<string, unknown>> {
  const reader = (await startRun(rt.api.yoga, app)).run.id;
  const state: Record<string, unknown> = {};
  for (const key of keys) state[key] = ((await invoke(reader, 'kv.get', { key })).output as Answer).current;
  return state;
}

/** A run that writes keys around step 2, posts over http, applies a memory, then writes again. */
async function busyRun(prefix: string) {
  const runId = (await startRun(rt.api.yoga, app)).run.id;
  await recordStep(rt.api.yoga, app, runId);
  await put(runId, `${prefix}1`, 1);
  await recordStep(rt.api.yoga, app, runId);
  await put(runId, `${prefix}1`, 2);
  await put(runId, `${prefix}2`, 1);
  const post = await invoke(runId, 'http.post', { url: hook.url, body: 'hello' });
  expect(post).toMatchObject({ __typename: 'ToolCallCompleted' });
  const proposed = await call(rt.api.yoga, app, PROPOSE, { content: `${prefix} fact` });
  const memoryId = proposed.memoryId as string;
  await call(rt.api.yoga, reviewer, REVIEW, { id: memoryId });
  expect(await call(rt.api.yoga, app, APPLY, { runId, id: memoryId })).toMatchObject({
    __typename: 'ApplyMemoryPayload',
  });
  await recordStep(rt.api.yoga, app, runId);
  await put(runId, `${prefix}3`, 1);
  return { runId, memoryId, postCallId: post.callId as string };
}

describe('rollbackRun over GraphQL', () => {
  it('given a run that wrote keys, posted and applied memory, when rolled back to step 2, then compensated, listed, un-applied, rolled_back', async () => {
    const { runId, memoryId, postCallId } = await busyRun('a');
    expect(await kvState('a1', 'a2', 'a3')).toEqual({ a1: { value: 2 }, a2: { value: 1 }, a3: { value: 1 } });
    const postsBefore = hook.posts();

    const answer = await rollback(runId, { toStep: 2, key: 'rb-a' });

    expect(answer).toMatchObject({ __typename: 'RollbackEnded', status: 'rolled_back', failed: [] });
    expect(answer.compensated).toHaveLength(3);
    expect(answer.leftBehind).toEqual([
      expect.objectContaining({ callId: postCallId, tool: 'http.post', why: 'irreversible' }),
    ]);
    expect(answer.unapplied).toEqual([expect.objectContaining({ memoryId })]);
    expect(await kvState('a1', 'a2', 'a3')).toEqual({ a1: { value: 1 }, a2: null, a3: null });
    expect(hook.posts()).toBe(postsBefore);
    expect(await call(rt.api.yoga, admin, RUN, { id: runId })).toEqual({ status: 'rolled_back' });

    const events = await runEvents(runId);
    const types = events.map((event) => event.type);
    const started = events.find((event) => event.type === 'RollbackStarted')!;
    expect(started.data).toMatchObject({ reason: 'undo the bad branch', role: 'admin', point: { step: 2 } });
    const compensations = events.filter(
      (event) => event.type === 'ToolCallRequested' && (event.data as Answer).compensates !== undefined,
    );
    expect(compensations.map((event) => (event.data as Answer).tool)).toEqual([
      expect.objectContaining({ name: 'kv.restore' }),
      expect.objectContaining({ name: 'kv.restore' }),
      expect.objectContaining({ name: 'kv.restore' }),
    ]);
    for (const event of compensations)
      expect((event.data as Answer).compensates).toMatchObject({ rollbackId: answer.rollbackId });
    expect(types.filter((type) => type === 'PolicyDecided').length).toBeGreaterThanOrEqual(3 + 4);
    expect(types.slice(-2)).toEqual(['MemoryUnapplied', 'RunRolledBack']);
  });

  it('given a finished rollback, when retried with the same key, then the recorded answer and nothing new', async () => {
    const { runId } = await busyRun('b');
    const first = await rollback(runId, { toStep: 2, key: 'rb-b' });
    const before = (await runEvents(runId)).length;
    const again = await rollback(runId, { toStep: 2, key: 'rb-b' });
    expect(again).toMatchObject({
      __typename: 'RollbackEnded',
      rollbackId: first.rollbackId,
      status: 'rolled_back',
    });
    expect(again.compensated).toEqual(first.compensated);
    expect((await runEvents(runId)).length).toBe(before);
  });

  it('given a rolled-back run, then it takes no new work', async () => {
    const { runId } = await busyRun('c');
    await rollback(runId, { toStep: 2 });
    const step = await recordStep(rt.api.yoga, app, runId);
    expect(step).toMatchObject({ __typename: 'RunNotActiveError', status: 'rolled_back' });
  });

  it('when rolled back to its last event, then nothing to roll back and nothing recorded', async () => {
    const runId = (await startRun(rt.api.yoga, app)).run.id;
    const step = await recordStep(rt.api.yoga, app, runId);
    const before = (await runEvents(runId)).length;
    const answer = await rollback(runId, { toStep: 1 });
    expect(answer).toMatchObject({
      __typename: 'RollbackNothingToDo',
      pointPosition: step.events![0]!.position,
    });
    expect((await runEvents(runId)).length).toBe(before);
  });

  it('given a step the run never had, then RollbackPointNotFoundError names its last step and position', async () => {
    const runId = (await startRun(rt.api.yoga, app)).run.id;
    const step = await recordStep(rt.api.yoga, app, runId);
    const answer = await rollback(runId, { toStep: 9 });
    expect(answer).toMatchObject({
      __typename: 'RollbackPointNotFoundError',
      code: 'ROLLBACK_POINT_NOT_FOUND',
      step: 9,
      lastStep: 1,
      lastPosition: step.events![0]!.position,
    });
  });

  it('given a Cedar forbid of rollbacks leaving irreversible effects, then RollbackDenied, recorded, nothing compensated', async () => {
    const { runId } = await busyRun('d');
    await call(rt.api.yoga, admin, PUBLISH, { p: FORBID_IRREVERSIBLE });
    try {
      const answer = await rollback(runId, { toStep: 2 });
      expect(answer).toMatchObject({ __typename: 'RollbackDenied', reason: 'POLICY_DENIED' });
      expect((answer.details as Answer).determiningPolicies).toEqual(['no-irreversible-rollback']);
      const refused = (await runEvents(runId)).filter((event) => event.type === 'RollbackRefused');
      expect(refused).toHaveLength(1);
      expect(refused[0]!.data).toMatchObject({ reason: 'POLICY_DENIED', role: 'admin', point: { step: 2 } });
      expect(refused[0]!.meta.actor.id).toBeTruthy();
      expect(await kvState('d1', 'd2', 'd3')).toEqual({
        d1: { value: 2 },
        d2: { value: 1 },
        d3: { value: 1 },
      });
      expect(await call(rt.api.yoga, admin, RUN, { id: runId })).toEqual({ status: 'running' });
    } finally {
      await call(rt.api.yoga, admin, PUBLISH, { p: POLICIES });
    }
  });

  it('given a policy requiring approval for irreversible effects left behind, then pending; a reviewer approves; the resumed rollback runs once', async () => {
    const { runId } = await busyRun('e');
    await call(rt.api.yoga, admin, PUBLISH, { p: APPROVAL_GATE });
    try {
      const pending = await rollback(runId, { toStep: 2 });
      expect(pending).toMatchObject({
        __typename: 'RollbackPendingApproval',
        determiningPolicies: ['irreversible-rollback-gate'],
      });
      expect(await kvState('e1', 'e2', 'e3')).toEqual({
        e1: { value: 2 },
        e2: { value: 1 },
        e3: { value: 1 },
      });
      const approvalId = pending.approvalId as string;
      const decided = await call(rt.api.yoga, reviewer, DECIDE, { runId, approvalId });
      expect(decided).toEqual({ __typename: 'ApprovalDecision', outcome: 'granted' });

      const resumed = await rollback(runId, { toStep: 2, approvalId });
      expect(resumed).toMatchObject({
        __typename: 'RollbackEnded',
        status: 'rolled_back',
        rollbackId: pending.rollbackId,
      });
      expect(await kvState('e1', 'e2', 'e3')).toEqual({ e1: { value: 1 }, e2: null, e3: null });
      const types = (await runEvents(runId)).map((event) => event.type);
      expect(types).toContain('ApprovalGrantUsed');
      expect(types.indexOf('ApprovalGrantUsed')).toBe(types.indexOf('RollbackStarted') - 1);

      const reused = await rollback(runId, { toStep: 2, approvalId });
      expect(reused).toMatchObject({ __typename: 'RollbackDenied', reason: 'GRANT_USED' });
      expect((await runEvents(runId)).at(-1)?.type).toBe('ApprovalGrantRefused');
    } finally {
      await call(rt.api.yoga, admin, PUBLISH, { p: POLICIES });
    }
  });

  it('given a completed run rolled back since, then runEvents from its start passes the completion and ends with the rollback', async () => {
    const runId = (await startRun(rt.api.yoga, app)).run.id;
    await recordStep(rt.api.yoga, app, runId);
    await put(runId, 'e1', 1);
    await call(rt.api.yoga, app, COMPLETE, { runId });
    expect(await rollback(runId, { toStep: 1 })).toMatchObject({ status: 'rolled_back' });
    const http = await listen(rt.api);
    const client = subscriptionClient('sse', http, admin);
    try {
      // Asking for more than the run has: the stream must end by itself (nextResults fails on a timeout).
      const results = await nextResults(client.iterate(RUN_EVENTS, { runId }), 100);
      const types = results.map((result) => (result.data!.runEvents as { type: string }).type);
      expect(types).toEqual((await runEvents(runId)).map((event) => event.type));
      expect(types).toContain('RunCompleted');
      expect(types.at(-1)).toBe('RunRolledBack');
    } finally {
      await client.dispose();
      await http.close();
    }
  });

  it('given an app key, then rollbackRun is forbidden for its role', async () => {
    const runId = (await startRun(rt.api.yoga, app)).run.id;
    const response = await rt.api.yoga.fetch('http://mir.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: app },
      body: JSON.stringify({ query: ROLLBACK, variables: { runId, toStep: 1, reason: 'r' } }),
    });
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});
