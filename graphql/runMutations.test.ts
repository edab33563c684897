import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RUN_BUDGET_LIMITS } from '../domain/index.js';
import { graphqlRequest } from './testing/graphqlRequest.js';
import { RESULT_FIELDS, recordStep, startRun, START_RUN } from './testing/runOperations.js';
import type { RunPayload } from './testing/runOperations.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

let rt: TestRuntime;
let app: string;
beforeAll(async () => {
  rt = await openTestRuntime();
  app = await rt.bearer('app');
});
afterAll(async () => rt.close());

const end = (field: 'completeRun' | 'failRun' | 'cancelRun', argument: string) => `
  mutation End($runId: ID!, $value: ${field === 'completeRun' ? 'JSON' : 'String!'}, $key: String) {
    ${field}(runId: $runId, ${argument}: $value, idempotencyKey: $key) { ${RESULT_FIELDS} }
  }`;

async function endRun(
  field: 'completeRun' | 'failRun' | 'cancelRun',
  runId: string,
  value: unknown,
  key?: string,
): Promise<RunPayload> {
  const argument = field === 'completeRun' ? 'output' : 'reason';
  const response = await graphqlRequest<Record<string, RunPayload>>(rt.api.yoga, end(field, argument), {
    authorization: app,
    variables: { runId, value, ...(key === undefined ? {} : { key }) },
  });
  return response.data![field]!;
}

describe('startRun', () => {
  it('when an app starts a run, then the run comes back from the read model with its RunStarted event', async () => {
    const { run, events } = await startRun(rt.api.yoga, app, { budget: { maxSteps: 3 } });
    expect(run).toMatchObject({ status: 'pending', stepCount: 0, revision: 0 });
    expect(events.map((event) => event.type)).toEqual(['RunStarted']);
    expect(run.lastPosition).toBe(events[0]!.position);
  });

  it('when an app sets every budget limit the domain knows, then the run keeps each of them', async () => {
    const budget = Object.fromEntries(RUN_BUDGET_LIMITS.map((limit, index) => [limit, 1_000 + index]));
    const { run } = await startRun(rt.api.yoga, app, { budget });
    const response = await graphqlRequest<{ run: { budget: Record<string, number | null> } }>(
      rt.api.yoga,
      `query($id: ID!) { run(id: $id) { budget { ${RUN_BUDGET_LIMITS.join(' ')} } } }`,
      { authorization: app, variables: { id: run.id } },
    );
    expect(response.data?.run.budget).toEqual(budget);
  });

  it('when the same idempotency key is sent twice, then the second call replays the first and appends nothing', async () => {
    const first = await startRun(rt.api.yoga, app, { key: 'start-once' });
    const head = await rt.log.headPosition();
    const again = await startRun(rt.api.yoga, app, { key: 'start-once' });
    expect(again.replayed).toBe(true);
    expect(again.run.id).toBe(first.run.id);
    expect(again.events).toEqual(first.events);
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('when the goal is blank, then InvalidCommandError names the field and nothing is written', async () => {
    const head = await rt.log.headPosition();
    const response = await graphqlRequest<{ startRun: RunPayload }>(rt.api.yoga, START_RUN, {
      authorization: app,
      variables: { goal: '   ', agent: 'a' },
    });
    expect(response.data?.startRun).toMatchObject({
      __typename: 'InvalidCommandError',
      code: 'RUN_INVALID_COMMAND',
      field: 'goal',
    });
    expect(await rt.log.headPosition()).toBe(head);
  });

  it('when the input is not plain JSON (a literal 1e400 is Infinity), then LedgerInputError NON_JSON_VALUE', async () => {
    const response = await graphqlRequest<{ startRun: Record<string, unknown> }>(
      rt.api.yoga,
      `mutation { startRun(goal: "g", agent: "a", input: { big: 1e400 }) {
        __typename ... on LedgerInputError { code reason details } } }`,
      { authorization: app },
    );
    expect(response.data?.startRun).toMatchObject({
      __typename: 'LedgerInputError',
      code: 'NON_JSON_VALUE',
      reason: 'NON_JSON_VALUE',
    });
  });
});

describe('recordStep', () => {
  it('records steps in order until the step budget is used, then RunBudgetExceededError and the run ends failed', async () => {
    const { run } = await startRun(rt.api.yoga, app, { budget: { maxSteps: 2 } });
    const first = await recordStep(rt.api.yoga, app, run.id, { summary: 'one' });
    const second = await recordStep(rt.api.yoga, app, run.id, { summary: 'two' });
    expect([first.run?.stepCount, second.run?.stepCount]).toEqual([1, 2]);
    expect(second.run?.status).toBe('running');
    const third = await recordStep(rt.api.yoga, app, run.id, { summary: 'three' });
    expect(third).toMatchObject({
      __typename: 'RunBudgetExceededError',
      code: 'RUN_BUDGET_EXCEEDED',
      budget: 'steps',
      limit: 2,
      actual: 3,
    });
    await rt.deps.waitForProjection((await rt.log.headPosition())!);
    const shown = await graphqlRequest<{ run: Record<string, unknown> }>(
      rt.api.yoga,
      `query($id: ID!) { run(id: $id) { status stepCount failureReason lastEvent { type data } } }`,
      { authorization: app, variables: { id: run.id } },
    );
    expect(shown.data?.run).toEqual({
      status: 'failed',
      stepCount: 2,
      failureReason: `run ${run.id} has used its 2 steps`,
      lastEvent: {
        type: 'RunFailed',
        data: {
          reason: `run ${run.id} has used its 2 steps`,
          budgetExceeded: { budget: 'steps', limit: 2, actual: 3, command: 'RecordStep' },
        },
      },
    });
    expect((await recordStep(rt.api.yoga, app, run.id)).__typename).toBe('RunNotActiveError');
  });

  it("given an unknown run (or another tenant's), then RunNotFoundError", async () => {
    const other = await startRun(rt.api.yoga, await rt.bearer('app', 'globex'));
    for (const runId of ['0190d5a0-0000-7000-8000-000000000000', other.run.id]) {
      expect(await recordStep(rt.api.yoga, app, runId)).toMatchObject({
        __typename: 'RunNotFoundError',
        code: 'RUN_NOT_FOUND',
        runId,
      });
    }
  });

  it('given a run id that is not a UUID, then the arguments are refused before anything runs', async () => {
    const response = await graphqlRequest(
      rt.api.yoga,
      `mutation { recordStep(runId: "x", kind: "k", summary: "s") { __typename } }`,
      {
        authorization: app,
      },
    );
    expect(response.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('completeRun, failRun, cancelRun', () => {
  it.each([
    ['completeRun', { answer: 42 }, 'completed'],
    ['failRun', 'model unavailable', 'failed'],
    ['cancelRun', 'user asked', 'cancelled'],
  ] as const)(
    '%s ends an active run; a second command gets RunNotActiveError',
    async (field, value, status) => {
      const { run } = await startRun(rt.api.yoga, app);
      const ended = await endRun(field, run.id, value);
      expect(ended.run?.status).toBe(status);
      expect(await endRun(field, run.id, value)).toMatchObject({
        __typename: 'RunNotActiveError',
        code: 'RUN_NOT_ACTIVE',
        status,
      });
    },
  );

  it('a retried end command with the same idempotency key replays instead of failing', async () => {
    const { run } = await startRun(rt.api.yoga, app);
    const first = await endRun('cancelRun', run.id, 'stop', 'cancel-1');
    const again = await endRun('cancelRun', run.id, 'stop', 'cancel-1');
    expect(first.replayed).toBe(false);
    expect(again).toMatchObject({ replayed: true, run: { status: 'cancelled' } });
    expect(again.events).toEqual(first.events);
  });

  it('a blank reason is refused as InvalidCommandError', async () => {
    const { run } = await startRun(rt.api.yoga, app);
    expect(await endRun('failRun', run.id, '')).toMatchObject({
      __typename: 'InvalidCommandError',
      field: 'reason',
    });
  });

  it('the cancelling key is recorded as the actor of the event', async () => {
    const { run } = await startRun(rt.api.yoga, app);
    await endRun('cancelRun', run.id, 'done');
    const response = await graphqlRequest<{
      run: { cancelledBy: string; lastEvent: { actor: { kind: string; apiKey: { role: string } } } };
    }>(
      rt.api.yoga,
      `query($id: ID!) { run(id: $id) { cancelledBy lastEvent { actor { kind apiKey { role } } } } }`,
      { authorization: app, variables: { id: run.id } },
    );
    expect(response.data?.run.lastEvent.actor).toEqual({ kind: 'service', apiKey: { role: 'app' } });
  });
});

describe('ledger input limits', () => {
  it('an event over the ledger size limit is refused as LedgerInputError EVENT_TOO_LARGE', async () => {
    const small = await openTestRuntime({ limits: { maxEventBytes: 2048 } });
    try {
      const response = await graphqlRequest<{ startRun: Record<string, unknown> }>(
        small.api.yoga,
        `mutation($input: JSON) { startRun(goal: "g", agent: "a", input: $input) {
          __typename ... on LedgerInputError { code details } } }`,
        { authorization: await small.bearer('app'), variables: { input: 'x'.repeat(4000) } },
      );
      expect(response.data?.startRun).toMatchObject({
        __typename: 'LedgerInputError',
        code: 'EVENT_TOO_LARGE',
      });
    } finally {
      await small.close();
    }
  });
});
