import { describe, expect, it } from 'vitest';
import type { PolicyDecision } from '../policies/policyRequest.js';
import type { PolicyDecidedData } from '../toolCalls/toolCallEvents.js';
import type { RegisteredTool } from '../tools/toolEvents.js';
import {
  comparePolicyDecision,
  policyNotReplayed,
  reconstructPolicyRequest,
  recordedPolicyDecisions,
} from './policyReplay.js';
import { runHistory, STARTED, step } from './testing/runHistory.js';

const TOOL: RegisteredTool = {
  name: 'pay',
  version: '1',
  description: 'pays',
  inputSchema: {},
  outputSchema: {},
  sideEffect: 'irreversible',
  compensation: null,
  timeoutMs: 1000,
  rateLimit: null,
  execution: 'app',
  riskTags: ['payments'],
  tenant: 'acme',
  registeredAt: '2026-12-01T00:00:00.000Z',
  position: 1,
};
const requested = {
  callId: 'c1',
  tool: { name: 'pay', version: '1', sideEffect: 'irreversible', execution: 'app' },
  argsDigest: 'sha256:args',
  args: { amount: 5 },
  requestedBy: 'key-app',
};
const decided = (over: Partial<PolicyDecidedData> = {}): PolicyDecidedData => ({
  callId: 'c1',
  outcome: 'require_approval',
  determiningPolicies: ['gate', 'base'],
  reasons: [],
  policySetVersion: 2,
  inputDigest: 'digest-1',
  principal: { id: 'key-app', role: 'app' },
  approved: false,
  riskScore: 0.25,
  riskModel: { name: 'risk', version: '1', sha256: 'c'.repeat(64) },
  ...over,
});

/** Given a first request (step 1 before it) and its resumption with a grant. */
const history = runHistory('r1', [
  STARTED,
  { type: 'ToolCallRequested', data: requested },
  { type: 'PolicyDecided', data: decided(), cause: 'e1' },
  {
    type: 'ApprovalRequested',
    data: { approvalId: 'a1', callId: 'c1', tool: { name: 'payments.send', version: '1' } },
    cause: 'e1',
  },
  step(1),
  { type: 'ApprovalGranted', data: { approvalId: 'a1' } },
  { type: 'ApprovalGrantUsed', data: { approvalId: 'a1', callId: 'c1' } },
  {
    type: 'PolicyDecided',
    data: decided({
      outcome: 'allow',
      approved: true,
      determiningPolicies: ['gate'],
      inputDigest: 'digest-2',
    }),
    cause: 'e6',
  },
]);

describe('recordedPolicyDecisions', () => {
  it('when a decision is found, then it carries the state before its append and its call request', () => {
    const [first, resumed] = recordedPolicyDecisions('r1', history);

    expect(first).toMatchObject({
      eventId: 'e2',
      tenant: 'acme',
      requested,
      stateBefore: { revision: 0, toolCalls: 0, status: 'pending' },
    });
    expect(resumed).toMatchObject({
      eventId: 'e7',
      stateBefore: { revision: 5, toolCalls: 1, steps: 1, status: 'running' },
    });
  });
});

describe('reconstructPolicyRequest', () => {
  it('given a first decision, then the request is the one the service built: counts before the call', () => {
    const [first] = recordedPolicyDecisions('r1', history);

    const rebuilt = reconstructPolicyRequest(first!, TOOL);

    expect(rebuilt).toEqual({
      request: {
        principal: { id: 'key-app', role: 'app' },
        tenant: 'acme',
        action: 'invokeTool',
        resource: { name: 'pay', version: '1', sideEffect: 'irreversible' },
        context: {
          run: {
            id: 'r1',
            status: 'pending',
            toolCalls: 0,
            inferenceCalls: 0,
            budget: { maxToolCalls: 5, maxInferenceCalls: null, maxSteps: null, maxWallTimeMs: null },
          },
          tool: { name: 'pay', version: '1', sideEffect: 'irreversible', riskTags: ['payments'] },
          argsDigest: 'sha256:args',
          args: { amount: 5 },
          riskScore: 0.25,
          approved: false,
        },
      },
    });
  });

  it('given a resumed decision, then the call is not counted twice and the grant is in the request', () => {
    const resumed = recordedPolicyDecisions('r1', history)[1]!;

    const rebuilt = reconstructPolicyRequest(resumed, TOOL);

    expect(rebuilt).toMatchObject({
      request: { context: { approved: true, run: { toolCalls: 0, status: 'running' } } },
    });
  });

  it('given a tool version no longer registered, then it names what is missing', () => {
    const [first] = recordedPolicyDecisions('r1', history);

    expect(reconstructPolicyRequest(first!, null)).toEqual({
      missing: ['the registered tool version (riskTags, sideEffect)'],
    });
  });
});

describe('comparePolicyDecision', () => {
  const [first] = recordedPolicyDecisions('r1', history);
  const replayed: PolicyDecision = {
    outcome: 'require_approval',
    determiningPolicies: ['base', 'gate'],
    reasons: [],
    policySetVersion: 2,
    inputDigest: 'digest-1',
  };

  it('given the same outcome and determining policies (any order), then it matches', () => {
    expect(comparePolicyDecision(first!, replayed)).toMatchObject({
      check: 'policy',
      eventId: 'e2',
      subject: 'decision',
      match: true,
      expected: { outcome: 'require_approval', determiningPolicies: ['base', 'gate'] },
    });
  });

  it('given another outcome, then it is a mismatch naming both decisions', () => {
    const item = comparePolicyDecision(first!, {
      ...replayed,
      outcome: 'deny',
      determiningPolicies: ['forbid'],
    });

    expect(item).toMatchObject({
      match: false,
      expected: { outcome: 'require_approval', determiningPolicies: ['base', 'gate'] },
      actual: { outcome: 'deny', determiningPolicies: ['forbid'] },
    });
  });

  it('given a reconstruction with another digest, then outcomes are not compared and the derived fields are named', () => {
    const item = comparePolicyDecision(first!, { ...replayed, inputDigest: 'digest-x' });

    expect(item).toMatchObject({
      subject: 'inputDigest',
      match: false,
      expected: 'digest-1',
      actual: 'digest-x',
    });
    expect(item.note).toContain('not reconstructible');
    expect(item.note).toContain('context.run');
  });

  it('given a policy set version not on the stream, then it is a version mismatch', () => {
    expect(comparePolicyDecision(first!, null)).toMatchObject({
      subject: 'policySetVersion',
      expected: 2,
      actual: null,
    });
  });

  it('when a decision cannot be re-evaluated, then the item says why', () => {
    expect(policyNotReplayed(first!, 'GOVERNANCE_UNAVAILABLE: no policy engine')).toMatchObject({
      match: false,
      expected: 'digest-1',
      note: 'GOVERNANCE_UNAVAILABLE: no policy engine',
    });
  });
});
