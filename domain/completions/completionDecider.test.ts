import { describe, expect, it } from 'vitest';
import { evolveRun, initialRunState } from '../runs/runDecider.js';
import type { RunHistoryEvent, RunState } from '../runs/runDecider.js';
import type { RegisteredEngine } from '../engines/engineEvents.js';
import type { PolicyDecision } from '../policies/policyRequest.js';
import type { PlannedEvent } from '../commands/eventEnvelopes.js';
import { decideCompletion } from './completionDecider.js';
import type { CompletionRequestFacts, EngineVerdict } from './completionDecider.js';
import { decideResumedCompletion } from './completionApproval.js';
import type { ResumedCompletionFacts } from './completionApproval.js';
import type { CompletionRequestedData } from './completionEvents.js';

const T0 = Date.UTC(2026, 11, 3, 12);
const origin = { actor: { kind: 'user', id: 'alice' }, tenant: 'acme', role: 'app' } as const;
const engineNamed = (name: string, locality: 'local' | 'remote'): RegisteredEngine => ({
  name,
  revision: 1,
  version: '1',
  kind: 'openai-compatible',
  baseUrl: `http://${name}.example:8080/v1`,
  model: 'm-1',
  apiKeyFile: null,
  locality,
  timeoutMs: 5_000,
  maxRetries: 1,
  tenant: 'acme',
  registeredAt: '2026-12-01T00:00:00.000Z',
  position: 1,
});
const cloud = engineNamed('a-cloud', 'remote');
const ollama = engineNamed('b-ollama', 'local');
const blob = { digest: `sha256:${'a'.repeat(64)}`, size: 42 };

function given(...events: Omit<RunHistoryEvent, 'revision' | 'tenant' | 'occurredAt'>[]): RunState {
  return events.reduce(
    (state, event, revision) =>
      evolveRun(state, { ...event, revision, tenant: 'acme', occurredAt: T0 } as RunHistoryEvent),
    initialRunState,
  );
}
const started = (budget = {}) =>
  ({ type: 'RunStarted', data: { runId: 'r1', goal: 'g', agent: 'a', input: null, budget } }) as const;
const decision = (outcome: PolicyDecision['outcome'], id = `p-${outcome}`): PolicyDecision => ({
  outcome,
  determiningPolicies: [id],
  reasons: [`${outcome} by ${id}`],
  policySetVersion: 4,
  inputDigest: 'sha256:input',
});
const verdict = (engine: RegisteredEngine, outcome: PolicyDecision['outcome']): EngineVerdict => ({
  engine,
  argsDigest: `sha256:args-${engine.name}`,
  decision: decision(outcome),
});

function facts(overrides: Partial<CompletionRequestFacts> = {}): CompletionRequestFacts {
  return {
    runId: 'r1',
    completionId: 'c1',
    kind: 'chat',
    origin,
    state: given(started()),
    now: T0 + 1_000,
    requestedEngine: null,
    candidates: [cloud, ollama],
    prompt: { blob, messageCount: 2, toolCount: 0 },
    parameters: { temperature: 0 },
    risk: null,
    requestKey: 'mir-completion-c1',
    versionInForce: 4,
    approval: { approvalId: 'ap-1', expiresAt: new Date(T0 + 60_000).toISOString() },
    ...overrides,
  };
}
const types = (events: readonly PlannedEvent[]) => events.map((event) => event.type);
const requestedOf = (events: readonly PlannedEvent[]) =>
  events.find((event) => event.type === 'CompletionRequested')!.data as CompletionRequestedData;
const completed = (usage: number) =>
  ({
    type: 'CompletionCompleted',
    data: { completionId: 'c0', usage: { promptTokens: 0, completionTokens: usage, totalTokens: usage } },
  }) as never;
const requested = (approvalId: string | null = null) =>
  ({ type: 'CompletionRequested', data: { completionId: 'c0', approvalId, engine: { name: 'x' } } }) as never;

describe('completion decider', () => {
  it('given a tenant without the named engine, when decided, then CompletionDenied ENGINE_UNKNOWN and no call', () => {
    const decided = decideCompletion(facts({ requestedEngine: 'gpt', candidates: [] }));
    expect(types(decided.events)).toEqual(['CompletionDenied']);
    expect(decided.next).toMatchObject({
      call: false,
      result: { outcome: 'denied', reason: 'ENGINE_UNKNOWN' },
    });
  });

  it('given routing and a policy that keeps data on local engines, when decided, then the remote engine is passed over and recorded', () => {
    const verdicts = [verdict(cloud, 'deny'), verdict(ollama, 'allow')];
    const decided = decideCompletion(facts({ verdicts }));
    expect(types(decided.events)).toEqual(['CompletionRequested']);
    expect(decided.next).toMatchObject({ call: true, engine: { name: 'b-ollama' } });
    const data = requestedOf(decided.events);
    expect(data.routing).toEqual({
      mode: 'routed',
      passedOver: [
        {
          engine: 'a-cloud',
          revision: 1,
          locality: 'remote',
          outcome: 'deny',
          determiningPolicies: ['p-deny'],
          reasons: ['deny by p-deny'],
        },
      ],
    });
    expect(data).toMatchObject({
      endpoint: ollama.baseUrl,
      locality: 'local',
      promptBlob: blob,
      approvalId: null,
    });
  });

  it('given every engine denied, when decided, then requested and denied POLICY_DENIED naming the policies', () => {
    const decided = decideCompletion(facts({ verdicts: [verdict(cloud, 'deny'), verdict(ollama, 'deny')] }));
    expect(types(decided.events)).toEqual(['CompletionRequested', 'CompletionDenied']);
    expect(decided.next).toMatchObject({
      result: { outcome: 'denied', reason: 'POLICY_DENIED', details: { determiningPolicies: ['p-deny'] } },
    });
  });

  it('given a run that used its completion calls, when decided, then denied RUN_BUDGET_EXCEEDED and the run ends', () => {
    const state = given(started({ maxCompletionCalls: 1 }), requested());
    const decided = decideCompletion(facts({ state }));
    expect(types(decided.events)).toEqual(['CompletionDenied', 'RunFailed']);
    expect(decided.events[1]!.data).toMatchObject({
      budgetExceeded: { budget: 'completionCalls', limit: 1, actual: 2, command: 'RequestCompletion' },
    });
  });

  it('given a run whose tokens are used up, when decided, then denied RUN_BUDGET_EXCEEDED tokens', () => {
    const state = given(started({ maxTokens: 100 }), requested(), completed(100));
    expect(state.tokensUsed).toBe(100);
    const decided = decideCompletion(facts({ state }));
    expect(decided.events[0]!.data).toMatchObject({
      reason: 'RUN_BUDGET_EXCEEDED',
      details: { budget: 'tokens' },
    });
  });

  it('given 30 tokens left and max_tokens 500 asked, when allowed, then max_tokens sent is 30', () => {
    const state = given(started({ maxTokens: 100 }), requested(), completed(70));
    const decided = decideCompletion(
      facts({ state, parameters: { maxTokens: 500 }, verdicts: [verdict(cloud, 'allow')] }),
    );
    expect(decided.next).toMatchObject({ call: true, parameters: { maxTokens: 30 } });
    expect(requestedOf(decided.events).parameters).toEqual({ maxTokens: 30 });
  });

  it('given a policy that asks for approval, when decided, then ApprovalRequested for engine:<name>@<model> bound to the args digest', () => {
    const decided = decideCompletion(
      facts({
        requestedEngine: 'a-cloud',
        candidates: [cloud],
        verdicts: [verdict(cloud, 'require_approval')],
      }),
    );
    expect(types(decided.events)).toEqual(['CompletionRequested', 'ApprovalRequested']);
    expect(decided.events[1]!.data).toMatchObject({
      approvalId: 'ap-1',
      callId: 'c1',
      tool: { name: 'engine:a-cloud', version: 'm-1' },
      argsDigest: 'sha256:args-a-cloud',
    });
    expect(decided.next).toMatchObject({ result: { outcome: 'pending_approval', approvalId: 'ap-1' } });
  });

  it('given no room for an approval, when decided, then denied APPROVAL_QUEUE_FULL', () => {
    const approvalRoom = {
      reason: 'APPROVAL_QUEUE_FULL',
      message: 'full',
      details: { scope: 'run' },
      counted: true,
    } as const;
    const decided = decideCompletion(facts({ verdicts: [verdict(cloud, 'require_approval')], approvalRoom }));
    expect(types(decided.events)).toEqual(['CompletionRequested', 'CompletionDenied']);
    expect(decided.next).toMatchObject({ result: { reason: 'APPROVAL_QUEUE_FULL' } });
  });
});

describe('resumed completion', () => {
  const approvalRequested = {
    type: 'ApprovalRequested',
    data: {
      approvalId: 'ap-1',
      callId: 'c1',
      tool: { name: 'engine:a-cloud', version: 'm-1' },
      argsDigest: 'sha256:args-a-cloud',
      policySetVersion: 4,
      determiningPolicies: ['gate'],
      reasons: [],
      requestedBy: 'alice',
      expiresAt: new Date(T0 + 60_000).toISOString(),
    },
  } as never;
  const granted = {
    type: 'ApprovalGranted',
    data: { approvalId: 'ap-1', callId: 'c1', grantExpiresAt: new Date(T0 + 60_000).toISOString() },
  } as never;
  const resumed = (
    state: RunState,
    overrides: Partial<ResumedCompletionFacts> = {},
  ): ResumedCompletionFacts => {
    const {
      completionId: _id,
      candidates: _c,
      approval: _a,
      ...rest
    } = facts({ state, requestedEngine: 'a-cloud' });
    return {
      ...rest,
      approvalId: 'ap-1',
      engine: cloud,
      argsDigest: 'sha256:args-a-cloud',
      decision: decision('allow'),
      ...overrides,
    };
  };

  it('given a granted approval, when resumed with the same request, then the grant is used, the request recorded again (not counted twice) and the engine called', () => {
    const state = given(started({ maxCompletionCalls: 1 }), requested(), approvalRequested, granted);
    const decided = decideResumedCompletion(resumed(state));
    expect(types(decided.events)).toEqual(['ApprovalGrantUsed', 'CompletionRequested']);
    expect(requestedOf(decided.events)).toMatchObject({
      completionId: 'c1',
      approvalId: 'ap-1',
      policy: { approved: true },
    });
    expect(decided.next).toMatchObject({ call: true });
    const after = decided.events.reduce(
      (folded, event, index) =>
        evolveRun(folded, {
          ...event,
          revision: 10 + index,
          tenant: 'acme',
          occurredAt: T0,
        } as RunHistoryEvent),
      state,
    );
    expect(after.completionCalls).toBe(1);
  });

  it('given a pending approval, when resumed, then ApprovalGrantRefused GRANT_NOT_GRANTED and no call', () => {
    const state = given(started(), requested(), approvalRequested);
    const decided = decideResumedCompletion(resumed(state));
    expect(types(decided.events)).toEqual(['ApprovalGrantRefused']);
    expect(decided.next).toMatchObject({
      call: false,
      result: { outcome: 'grant_refused', reason: 'GRANT_NOT_GRANTED' },
    });
  });

  it('given a granted approval, when resumed with another prompt, then refused for the args digest', () => {
    const state = given(started(), requested(), approvalRequested, granted);
    const decided = decideResumedCompletion(resumed(state, { argsDigest: 'sha256:other' }));
    expect(decided.next).toMatchObject({ result: { outcome: 'grant_refused', reason: 'ARGS_MISMATCH' } });
  });
});
