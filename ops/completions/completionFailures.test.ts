import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPLETE, openCompletionFixture } from './completionFixture.js';
import type { CompletionFixture } from './completionFixture.js';

// What a governed completion does when the run's budgets run out or the endpoint misbehaves: a recorded, typed
// outcome every time, never a crash; against the real OpenAI-compatible peer with scripted faults.

let f: CompletionFixture;
const hello = [{ role: 'user', content: 'Summarise the quarterly sales report for the board' }];
const CANCEL = `mutation($runId: ID!) { cancelRun(runId: $runId, reason: "user left") { __typename } }`;

beforeAll(async () => {
  f = await openCompletionFixture();
  await f.engine('ollama', 'local');
  await f.engine('hasty', 'local', { timeoutMs: 300, maxRetries: 0 });
  await f.engine('patient', 'local', { timeoutMs: 60_000, maxRetries: 0 });
});
afterAll(async () => f.close());

const typesOf = async (runId: string) =>
  (await f.rt.log.readStream(`run-${runId}`)).map((event) => event.type);
const lastOf = async (runId: string, type: string) =>
  (await f.rt.log.readStream(`run-${runId}`)).findLast((event) => event.type === type)!.data;

describe('run budgets', () => {
  it('given maxCompletionCalls 1, when a second completion is asked, then it is refused before the call and the run ends', async () => {
    const runId = await f.run({ maxCompletionCalls: 1 });
    expect(await f.ask(COMPLETE, { runId, engine: 'ollama', messages: hello })).toMatchObject({
      __typename: 'CompletionReleased',
    });
    const calls = f.peer.requests.length;
    const refused = await f.ask(COMPLETE, { runId, engine: 'ollama', messages: hello });
    expect(refused).toMatchObject({
      __typename: 'CompletionRefused',
      reason: 'RUN_BUDGET_EXCEEDED',
      details: { budget: 'completionCalls', limit: 1, actual: 2 },
    });
    expect(f.peer.requests.length).toBe(calls);
    expect((await typesOf(runId)).slice(-2)).toEqual(['CompletionDenied', 'RunFailed']);
  });

  it('given maxTokens 15, then max_tokens sent is capped to 15, and once the reported usage reached it the next is refused', async () => {
    const runId = await f.run({ maxTokens: 15 });
    const first = await f.ask(COMPLETE, {
      runId,
      engine: 'ollama',
      messages: hello,
      parameters: { maxTokens: 500 },
    });
    expect(first).toMatchObject({ __typename: 'CompletionReleased', usage: { totalTokens: 20 } });
    expect(f.peer.requests.at(-1)!.body).toMatchObject({ max_tokens: 15 });
    expect(await lastOf(runId, 'CompletionRequested')).toMatchObject({ parameters: { maxTokens: 15 } });
    const refused = await f.ask(COMPLETE, { runId, engine: 'ollama', messages: hello });
    expect(refused).toMatchObject({
      reason: 'RUN_BUDGET_EXCEEDED',
      details: { budget: 'tokens', limit: 15, actual: 20 },
    });
    expect(await lastOf(runId, 'RunFailed')).toMatchObject({ budgetExceeded: { budget: 'tokens' } });
  });
});

describe('an endpoint that misbehaves', () => {
  const failsWith = async (engine: string, script: () => void) => {
    const runId = await f.run();
    script();
    const answer = await f.ask(COMPLETE, { runId, engine, messages: hello });
    expect(answer.__typename).toBe('CompletionFailedResult');
    expect(await lastOf(runId, 'CompletionFailed')).toMatchObject({
      reason: answer.reason,
      attempts: answer.attempts,
    });
    return answer;
  };

  it('given 5xx on every attempt, then ENGINE_UNAVAILABLE after 3 attempts, recorded', async () => {
    const answer = await failsWith('ollama', () => f.peer.script({ kind: 'status', status: 500 }, 3));
    expect(answer).toMatchObject({ reason: 'ENGINE_UNAVAILABLE', attempts: 3 });
  });

  it('given 429 on every attempt, then ENGINE_RATE_LIMITED, recorded', async () => {
    const answer = await failsWith('ollama', () =>
      f.peer.script({ kind: 'status', status: 429, retryAfter: '0' }, 3),
    );
    expect(answer).toMatchObject({ reason: 'ENGINE_RATE_LIMITED', attempts: 3 });
  });

  it('given an HTML page instead of an answer, then ENGINE_BAD_RESPONSE, recorded', async () => {
    const answer = await failsWith('hasty', () => f.peer.script({ kind: 'garbage' }));
    expect(answer).toMatchObject({ reason: 'ENGINE_BAD_RESPONSE', attempts: 1 });
  });

  it('given an endpoint that hangs, then ENGINE_TIMEOUT after the engine timeout, recorded', async () => {
    const answer = await failsWith('hasty', () => f.peer.script({ kind: 'hang' }));
    expect(answer).toMatchObject({ reason: 'ENGINE_TIMEOUT', attempts: 1 });
  });

  it('given a completion in flight, when the run is cancelled, then the call is aborted and ENGINE_ABORTED recorded', async () => {
    const runId = await f.run();
    f.peer.script({ kind: 'hang' });
    const calls = f.peer.requests.length;
    const pending = f.ask(COMPLETE, { runId, engine: 'patient', messages: hello });
    while (f.peer.requests.length === calls) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await f.ask(CANCEL, { runId })).toMatchObject({ __typename: 'RunCommandPayload' });
    expect(await pending).toMatchObject({ __typename: 'CompletionFailedResult', reason: 'ENGINE_ABORTED' });
    expect((await typesOf(runId)).slice(-2)).toEqual(['RunCancelled', 'CompletionFailed']);
  });
});
