import { describe, expect, it } from 'vitest';
import { foldRun } from '../../domain/index.js';
import type { JsonValue, RecordedEvent } from '../../domain/index.js';
import type { RunAsOf } from '../runAsOf.js';
import { assembleExplanation, chainOf, inclusionOf } from './assembleExplanation.js';
import type { ExplainInputs } from './assembleExplanation.js';
import { MAX_CHAIN_EVENTS } from './explanation.js';

const AT = (second: number) => `2026-12-01T10:00:${String(second).padStart(2, '0')}.000Z`;
let nextPosition = 0;

/** A recorded event of `stream` (revision and position count up), by `actor`, at second `second`. */
function recorded(stream: string, type: string, data: JsonValue, actor = 'alice', second = 0): RecordedEvent {
  const position = nextPosition++;
  return {
    id: `00000000-0000-4000-8000-${String(position).padStart(12, '0')}`,
    stream,
    revision: position,
    position,
    type,
    schemaVersion: 1,
    data,
    meta: {
      tenant: 'acme',
      actor: { kind: 'user', id: actor },
      correlationId: 'corr',
      causationId: 'cause',
      occurredAt: AT(second),
    },
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
  };
}

/** The run as `runAsOf` would fold it from `events` (the fields explain reads). */
function runOf(events: RecordedEvent[]): RunAsOf {
  const state = foldRun(events);
  const last = events.at(-1)!;
  return {
    state,
    events,
    steps: [],
    summary: {
      runId: 'r1',
      tenant: 'acme',
      status: state.status!,
      goal: state.goal,
      agent: state.agent,
      input: state.input,
      budget: state.budget,
      stepCount: state.steps,
      inferenceCalls: state.inferenceCalls,
      toolCalls: state.toolCalls,
      pendingApprovals: state.pendingApprovals,
      output: null,
      failureReason: null,
      cancelReason: null,
      cancelledBy: null,
      startedAt: AT(0),
      updatedAt: last.meta.occurredAt,
      endedAt: null,
      startedBy: 'alice',
      wallTimeMs: 9000,
      lastPosition: last.position,
      revision: last.revision,
    },
  };
}

const decided = (outcome: string, policies: string[], approved: boolean) => ({
  callId: 'c1',
  outcome,
  determiningPolicies: policies,
  reasons: [`${outcome} by ${policies.join(',')}`],
  policySetVersion: 3,
  inputDigest: 'sha256:in',
  principal: { id: 'alice', role: 'app' },
  approved,
  riskScore: 0.1,
  riskModel: null,
});

/** A run that applied a memory, then made call c1 to kv.set@1: gated, approved by bob, allowed and completed. */
function gatedCallHistory() {
  nextPosition = 0;
  const run = 'run-r1';
  const started = recorded(run, 'RunStarted', {
    runId: 'r1',
    goal: 'g',
    agent: 'a',
    input: null,
    budget: { maxToolCalls: 10, maxSteps: 5 },
  });
  const step = recorded(run, 'StepRecorded', { stepNumber: 1, kind: 'k', summary: 's', payload: null });
  const applied = recorded(run, 'MemoryApplied', {
    memoryId: 'm1',
    memoryStream: 'memory-acme-m1',
    memoryRevision: 1,
    contentDigest: 'sha256:m',
    type: 'fact',
    scope: 'run',
    appliedBy: 'alice',
  });
  const requested = recorded(run, 'ToolCallRequested', {
    callId: 'c1',
    tool: { name: 'kv.set', version: '1', sideEffect: 'reversible', execution: 'runtime' },
    argsDigest: 'sha256:args',
    args: { key: 'k' },
    requestedBy: 'alice',
  });
  const gate = recorded(run, 'PolicyDecided', decided('require_approval', ['gate-kv'], false));
  const approval = recorded(run, 'ApprovalRequested', {
    approvalId: 'a1',
    callId: 'c1',
    tool: { name: 'kv.set', version: '1' },
    argsDigest: 'sha256:args',
    policySetVersion: 3,
    determiningPolicies: ['gate-kv'],
    reasons: ['needs a human'],
    requestedBy: 'alice',
    expiresAt: AT(50),
  });
  const granted = recorded(
    run,
    'ApprovalGranted',
    {
      approvalId: 'a1',
      callId: 'c1',
      argsDigest: 'sha256:args',
      policySetVersion: 3,
      decidedBy: 'bob',
      reason: 'fine',
      grantExpiresAt: AT(59),
    },
    'bob',
    5,
  );
  const used = recorded(
    run,
    'ApprovalGrantUsed',
    { approvalId: 'a1', callId: 'c1', usedBy: 'alice', argsDigest: 'sha256:args', policySetVersion: 3 },
    'alice',
    6,
  );
  const allowed = recorded(run, 'PolicyDecided', decided('allow', ['allow-kv'], true), 'alice', 6);
  const completed = recorded(
    run,
    'ToolCallCompleted',
    {
      callId: 'c1',
      outputDigest: 'sha256:out',
      output: null,
      compensation: null,
      compensationProblem: null,
      grantId: null,
    },
    'alice',
    7,
  );
  const all = [started, step, applied, requested, gate, approval, granted, used, allowed, completed];
  return { all, requested, gate, approval, completed };
}

nextPosition = 1000;
const memoryHistory = [
  {
    ...recorded('memory-acme-m1', 'MemoryProposed', { memoryId: 'm1', provenance: ['e-src-1', 'e-src-2'] }),
    revision: 0,
  },
  {
    ...recorded('memory-acme-m1', 'MemoryReviewed', {
      memoryId: 'm1',
      decision: 'approved',
      reviewer: 'carol',
    }),
    revision: 1,
  },
];
const memoryHistories = new Map([['memory-acme-m1', memoryHistory]]);
const policySets = [
  {
    version: 3,
    sha256: 'ab'.repeat(32),
    policies: { 'gate-kv': '@id("gate-kv") forbid(…);', 'allow-kv': '@id("allow-kv") permit(…);' },
  },
];
const checkpoint = {
  origin: 'mir.test/ledger',
  treeSize: 20,
  rootHash: 'cd'.repeat(32),
  timestamp: 1,
  note: 'note\n',
};
const noCauses = { causation: chainOf([]), correlation: chainOf([]) };

function inputs(event: RecordedEvent, runEvents: RecordedEvent[], more: Partial<ExplainInputs> = {}) {
  return {
    event,
    causes: noCauses,
    run: runEvents.length === 0 ? null : runOf(runEvents),
    policySets,
    memoryHistories,
    checkpoint,
    proofHashes: ['ee'.repeat(32)],
    ...more,
  };
}

describe('assembleExplanation', () => {
  it('given a call gated, approved by bob, allowed and completed, when its completion is explained, then every section and the summary say so', () => {
    const { all, completed } = gatedCallHistory();
    const explanation = assembleExplanation(inputs(completed, all));
    expect(explanation.policyDecisions.map((decision) => [decision.outcome, decision.policies])).toEqual([
      ['require_approval', [{ id: 'gate-kv', text: '@id("gate-kv") forbid(…);' }]],
      ['allow', [{ id: 'allow-kv', text: '@id("allow-kv") permit(…);' }]],
    ]);
    expect(explanation.policyDecisions[1]).toMatchObject({
      policySetVersion: 3,
      policySetSha256: 'ab'.repeat(32),
    });
    expect(explanation.approval).toEqual({
      approvalId: 'a1',
      callId: 'c1',
      requestedBy: 'alice',
      requestedAt: AT(0),
      argsDigest: 'sha256:args',
      policySetVersion: 3,
      expiresAt: AT(50),
      decision: { outcome: 'granted', by: 'bob', at: AT(5), reason: 'fine', grantExpiresAt: AT(59) },
      used: { by: 'alice', at: AT(6) },
    });
    expect(explanation.memories).toEqual([
      expect.objectContaining({
        memoryId: 'm1',
        memoryRevision: 1,
        provenance: ['e-src-1', 'e-src-2'],
        reviewer: 'carol',
      }),
    ]);
    expect(explanation.budgets).toEqual([
      { budget: 'steps', used: 1, limit: 5 },
      { budget: 'toolCalls', used: 1, limit: 10 },
      { budget: 'inferenceCalls', used: 0, limit: null },
      { budget: 'wallTimeMs', used: 9000, limit: null },
    ]);
    expect(explanation.model).toBeNull();
    expect(explanation.summary).toBe(
      "alice's call to kv.set@1 on run r1 was allowed by policy allow-kv (policy set v3) and completed; " +
        'approved by bob, grant used; 1 memory applied; 1/5 steps used; 1/10 tool calls used; ' +
        '0 inference calls used (no limit); covered by the signed checkpoint of 20 events',
    );
  });

  it('given the run only up to the approval request, when the request is explained, then the approval is pending and only the gate decided', () => {
    const { all, approval } = gatedCallHistory();
    const explanation = assembleExplanation(inputs(approval, all.slice(0, all.indexOf(approval) + 1)));
    expect(explanation.policyDecisions.map((decision) => decision.outcome)).toEqual(['require_approval']);
    expect(explanation.approval).toMatchObject({ decision: null, used: null });
    expect(explanation.summary).toContain('was held for approval by policy gate-kv (policy set v3)');
    expect(explanation.summary).toContain('approval a1 pending');
  });

  it("given the grant by bob, when it is explained, then the summary names the event on the call, not the call as bob's", () => {
    const { all } = gatedCallHistory();
    const granted = all.find((event) => event.type === 'ApprovalGranted')!;
    const explanation = assembleExplanation(inputs(granted, all.slice(0, all.indexOf(granted) + 1)));
    expect(explanation.summary).toMatch(
      /^bob's ApprovalGranted on the call to kv\.set@1 on run r1 was held for approval by policy gate-kv \(policy set v3\); approved by bob;/,
    );
  });

  it('given a policy set that is not available or cannot be split, then the determining ids stay and their text is null', () => {
    const { all, completed } = gatedCallHistory();
    const unsplit = assembleExplanation(
      inputs(completed, all, { policySets: [{ ...policySets[0]!, policies: null }] }),
    );
    expect(unsplit.policyDecisions[1]!.policies).toEqual([{ id: 'allow-kv', text: null }]);
    const missing = assembleExplanation(inputs(completed, all, { policySets: [] }));
    expect(missing.policyDecisions[1]).toMatchObject({
      policySetSha256: null,
      policies: [{ id: 'allow-kv', text: null }],
    });
  });

  it('given a memory whose review came after the applied revision, then no reviewer is claimed for it', () => {
    const { all, completed } = gatedCallHistory();
    const late = new Map([['memory-acme-m1', [memoryHistory[0]!, { ...memoryHistory[1]!, revision: 2 }]]]);
    const explanation = assembleExplanation(inputs(completed, all, { memoryHistories: late }));
    expect(explanation.memories[0]).toMatchObject({ provenance: ['e-src-1', 'e-src-2'], reviewer: null });
  });

  it('given an inference requested and completed, when the completion is explained, then the model section names model, provider, runtime and digests', () => {
    nextPosition = 0;
    const started = recorded('run-r1', 'RunStarted', {
      runId: 'r1',
      goal: 'g',
      agent: 'a',
      input: null,
      budget: {},
    });
    const model = { name: 'toxicity', version: '2', sha256: 'f0'.repeat(32) };
    const requested = recorded('run-r1', 'InferenceRequested', {
      inferenceId: 'i1',
      model,
      source: 'text',
      inputs: [],
      inputDigest: 'sha256:x',
    });
    const completed = recorded('run-r1', 'InferenceCompleted', {
      inferenceId: 'i1',
      model,
      executionProvider: 'cpu',
      runtime: 'onnxruntime-node',
      runtimeVersion: '1.30.0',
      inputDigest: 'sha256:x',
      outputDigest: 'sha256:y',
      outputs: [],
      latencyMs: 1,
    });
    const explanation = assembleExplanation(inputs(completed, [started, requested, completed]));
    expect(explanation.model).toEqual({
      inferenceId: 'i1',
      ...model,
      executionProvider: 'cpu',
      runtime: 'onnxruntime-node',
      runtimeVersion: '1.30.0',
      inputDigest: 'sha256:x',
      outputDigest: 'sha256:y',
      failure: null,
    });
    expect(explanation.policyDecisions).toEqual([]);
    expect(explanation.summary).toMatch(
      /^alice's inference on toxicity@2 on run r1; model sha256 f0f0f0f0f0f0… on cpu;/,
    );
  });

  it('given an event off run streams, then it has no run, budgets, memories or decisions', () => {
    nextPosition = 5;
    const event = recorded('policy-acme', 'PolicySetPublished', { version: 1 });
    const explanation = assembleExplanation({ ...inputs(event, []), run: null });
    expect(explanation).toMatchObject({
      run: null,
      budgets: [],
      memories: [],
      policyDecisions: [],
      approval: null,
    });
    expect(explanation.summary).toBe(
      "alice's PolicySetPublished event in stream policy-acme; covered by the signed checkpoint of 20 events",
    );
  });
});

describe('inclusionOf', () => {
  it('given no checkpoint, then no proof and the reason says so', () => {
    expect(inclusionOf(3, null, null)).toEqual({
      proof: null,
      reason: 'the ledger has no signed checkpoint yet',
    });
  });

  it('given a checkpoint that ends at the event, then it is not yet covered, with both numbers', () => {
    const { proof, reason } = inclusionOf(20, checkpoint, null);
    expect(proof).toBeNull();
    expect(reason).toBe(
      'not yet covered: the latest signed checkpoint holds 20 events and this event is at position 20',
    );
  });

  it('given a covering checkpoint and its audit path, then the proof names leaf, size, path and checkpoint', () => {
    expect(inclusionOf(19, checkpoint, ['aa'])).toEqual({
      proof: { leafIndex: 19, treeSize: 20, hashes: ['aa'], checkpoint },
      reason: null,
    });
  });
});

describe('chainOf', () => {
  it(`given more than ${MAX_CHAIN_EVENTS} events, then the first ${MAX_CHAIN_EVENTS} and truncated`, () => {
    nextPosition = 0;
    const events = Array.from({ length: MAX_CHAIN_EVENTS + 1 }, () => recorded('s', 'T', null));
    const chain = chainOf(events);
    expect(chain.events).toHaveLength(MAX_CHAIN_EVENTS);
    expect(chain.truncated).toBe(true);
    expect(chainOf(events.slice(0, MAX_CHAIN_EVENTS)).truncated).toBe(false);
  });
});
