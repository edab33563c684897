import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../domain/index.js';
import { errorCodes, graphqlRequest } from './testing/graphqlRequest.js';
import { recordStep, startRun, START_RUN } from './testing/runOperations.js';
import { firstSseResult } from './testing/sseRequest.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

let rt: TestRuntime;
beforeAll(async () => (rt = await openTestRuntime()));
afterAll(async () => rt.close());

const DECIDE = `mutation($runId: ID!, $approvalId: ID!) {
  decideApproval(runId: $runId, approvalId: $approvalId, decision: APPROVE, reason: "r") { __typename } }`;
const INVOKE = `mutation($runId: ID!) {
  invokeTool(runId: $runId, tool: "kv.get", version: "1", args: { key: "k" }) { __typename } }`;

/** The tenant's refusal events after every open coalescing window is written. */
async function refusalsOf(tenant: string): Promise<RecordedEvent[]> {
  await rt.refusals.flush();
  return rt.log.readStream(`refusals-${tenant}`);
}

/** Refusal events added by `act`, once every open window is written. */
async function recordedBy(tenant: string, act: () => Promise<void>): Promise<RecordedEvent[]> {
  const before = (await refusalsOf(tenant)).length;
  await act();
  return (await refusalsOf(tenant)).slice(before);
}

describe('refusals by role are evidence', () => {
  it('given an auditor starting a run, an app deciding an approval and a reviewer invoking a tool, then each is FORBIDDEN and recorded with key, role, field, ids and reason', async () => {
    const auditor = await rt.issue('auditor');
    const app = await rt.issue('app');
    const reviewer = await rt.issue('reviewer');
    const { run } = await startRun(rt.api.yoga, `Bearer ${app.token}`);
    const events = await recordedBy('acme', async () => {
      const answers = [
        await graphqlRequest(rt.api.yoga, START_RUN, {
          authorization: `Bearer ${auditor.token}`,
          variables: { goal: 'g', agent: 'a' },
        }),
        await graphqlRequest(rt.api.yoga, DECIDE, {
          authorization: `Bearer ${app.token}`,
          variables: { runId: run.id, approvalId: 'approval-7' },
        }),
        await graphqlRequest(rt.api.yoga, INVOKE, {
          authorization: `Bearer ${reviewer.token}`,
          variables: { runId: run.id },
        }),
      ];
      expect(answers.map(errorCodes)).toEqual([['FORBIDDEN'], ['FORBIDDEN'], ['FORBIDDEN']]);
    });
    expect(events.map((event) => [event.type, event.meta.tenant, event.meta.actor])).toEqual([
      ['AccessRefused', 'acme', { kind: 'service', id: auditor.keyId }],
      ['AccessRefused', 'acme', { kind: 'service', id: app.keyId }],
      ['AccessRefused', 'acme', { kind: 'service', id: reviewer.keyId }],
    ]);
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({
        action: 'Mutation.startRun',
        reason: 'FORBIDDEN',
        keyId: auditor.keyId,
        role: 'auditor',
        subject: null,
        subjects: [],
        count: 1,
      }),
      expect.objectContaining({
        action: 'Mutation.decideApproval',
        role: 'app',
        subject: 'approval-7',
        subjects: ['approval-7', run.id],
      }),
      expect.objectContaining({ action: 'Mutation.invokeTool', role: 'reviewer', subjects: [run.id] }),
    ]);
  });

  it('given an app reading the kill switch, then the query is FORBIDDEN and recorded too', async () => {
    const app = await rt.issue('app');
    const events = await recordedBy('acme', async () => {
      const answer = await graphqlRequest(rt.api.yoga, '{ tenantStatus { halted } }', {
        authorization: `Bearer ${app.token}`,
      });
      expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
    });
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({
        action: 'Query.tenantStatus',
        reason: 'FORBIDDEN',
        keyId: app.keyId,
        role: 'app',
      }),
    ]);
  });

  it('given an app subscribing to the approval queue, then the subscription is FORBIDDEN and recorded', async () => {
    const app = await rt.issue('app');
    const events = await recordedBy('acme', async () => {
      const answer = await firstSseResult(rt.api.yoga, 'subscription { approvals { kind } }', {
        authorization: `Bearer ${app.token}`,
      });
      expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
    });
    expect(events.map((event) => event.data)).toEqual([
      expect.objectContaining({ action: 'Subscription.approvals', reason: 'FORBIDDEN', keyId: app.keyId }),
    ]);
  });

  it('given a client refusing itself in a loop, then N identical refusals are one event at once plus one with count N − 1', async () => {
    const auditor = await rt.issue('auditor');
    const events = await recordedBy('acme', async () => {
      for (let i = 0; i < 40; i++) {
        const answer = await graphqlRequest(rt.api.yoga, START_RUN, {
          authorization: `Bearer ${auditor.token}`,
          variables: { goal: 'g', agent: 'a' },
        });
        expect(errorCodes(answer)).toEqual(['FORBIDDEN']);
      }
      // While the window is open, the loop has written one event: the first refusal.
      const written = (await rt.log.readStream('refusals-acme')).filter(
        (event) => (event.data as { keyId?: string }).keyId === auditor.keyId,
      );
      expect(written.map((event) => (event.data as { count: number }).count)).toEqual([1]);
    });
    expect(events.map((event) => (event.data as { count: number }).count)).toEqual([1, 39]);
    expect(events[1]!.data).toMatchObject({ keyId: auditor.keyId, firstEventId: events[0]!.id });
  });

  it('given no key or an unknown key, then UNAUTHENTICATED and nothing is recorded', async () => {
    const head = await rt.log.headPosition();
    for (const authorization of [null, 'Bearer mir_not-a-key'])
      expect(
        errorCodes(
          await graphqlRequest(rt.api.yoga, START_RUN, {
            authorization,
            variables: { goal: 'g', agent: 'a' },
          }),
        ),
      ).toEqual(['UNAUTHENTICATED']);
    await rt.refusals.flush();
    expect(await rt.log.headPosition()).toBe(head);
  });
});

describe('ids not found in the caller tenant are evidence', () => {
  it("given an app naming another tenant's run, then it looks missing and the attempt is recorded in the caller's tenant exactly like a missing id", async () => {
    const app = await rt.issue('app');
    const foreign = (await startRun(rt.api.yoga, await rt.bearer('app', 'globex'))).run.id;
    const missing = '0190d5a0-0000-7000-8000-000000000000';
    const globexBefore = (await refusalsOf('globex')).length;
    const events = await recordedBy('acme', async () => {
      for (const runId of [foreign, missing])
        expect(await recordStep(rt.api.yoga, `Bearer ${app.token}`, runId)).toMatchObject({
          __typename: 'RunNotFoundError',
        });
    });
    const shape = (event: RecordedEvent) => {
      const { subject, subjects, firstAt, lastAt, ...rest } = event.data as Record<string, unknown>;
      return { type: event.type, actor: event.meta.actor, rest, subject, subjects, firstAt, lastAt };
    };
    expect(events.map(shape)).toEqual([
      expect.objectContaining({ subject: foreign, subjects: [foreign] }),
      expect.objectContaining({ subject: missing, subjects: [missing] }),
    ]);
    expect(shape(events[0]!).rest).toEqual({
      tenant: 'acme',
      action: 'Mutation.recordStep',
      reason: 'NOT_FOUND',
      keyId: app.keyId,
      role: 'app',
      count: 1,
    });
    expect(shape(events[1]!).rest).toEqual(shape(events[0]!).rest);
    expect(await refusalsOf('globex')).toHaveLength(globexBefore);
  });
});
