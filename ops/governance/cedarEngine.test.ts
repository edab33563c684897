import { describe, expect, it } from 'vitest';
import type { PolicyRequest, PublishedPolicySet } from '../../domain/index.js';
import { CedarEngine } from './cedarEngine.js';
import { CedarPolicyEvaluator } from './cedarPolicyEvaluator.js';
import { loadCedarWasm } from './cedarWasm.js';
import { EXAMPLE_POLICIES } from './examplePolicies.js';
import { exampleRequest } from './exampleRequests.js';
import { sha256PolicyDigester } from './policyDigester.js';
import { chainedAnds, nestedParens } from './testing/hostilePolicies.js';

const SMALL = '@id("a") permit(principal, action, resource);';

function setOf(tenant: string, policies: string, version = 1): PublishedPolicySet {
  return {
    tenant,
    version,
    policies,
    policyIds: [],
    sha256: sha256PolicyDigester.textSha256(policies),
    publishedBy: 'k',
    description: '',
    publishedAt: '',
    eventId: 'e',
    revision: version - 1,
  };
}

const globexRequest: PolicyRequest = exampleRequest({ tenant: 'globex' });

describe('cedar-wasm instances', () => {
  it('given an instance that trapped on a deep expression, then it stays broken, while a freshly loaded one works', () => {
    const trapped = loadCedarWasm();
    expect(() => trapped.policySetTextToParts(nestedParens(500))).toThrow(/memory access out of bounds/);
    expect(() => trapped.policySetTextToParts(SMALL)).toThrow();
    const fresh = loadCedarWasm();
    expect(fresh.policySetTextToParts(SMALL).type).toBe('success');
  });

  it('given two loads, then they are independent instances (a cache in one is absent from the other)', () => {
    const one = loadCedarWasm();
    const two = loadCedarWasm();
    expect(one.preparsePolicySet('only-in-one', { staticPolicies: SMALL }).type).toBe('success');
    const request = {
      principal: { type: 'Mir::Principal', id: 'p' },
      action: { type: 'Mir::Action', id: 'invokeTool' },
      resource: { type: 'Mir::Tool', id: 't' },
      context: {},
      entities: [],
      preparsedPolicySetId: 'only-in-one',
    };
    expect(one.statefulIsAuthorized(request).type).toBe('success');
    expect(two.statefulIsAuthorized(request).type).toBe('failure');
  });
});

describe('contained Cedar engine', () => {
  it('given a call that traps, then POLICY_ENGINE_FAILED naming the trap, a new generation, and the next call works', () => {
    const engine = new CedarEngine();
    let failure: unknown;
    try {
      engine.run('check', (cedar) => cedar.policySetTextToParts(nestedParens(500)));
    } catch (error) {
      failure = error;
    }
    expect(failure).toMatchObject({
      code: 'POLICY_ENGINE_FAILED',
      details: { operation: 'check', engineError: expect.any(String) as string },
    });
    expect(engine.generation).toBe(1);
    expect(engine.run('check', (cedar) => cedar.policySetTextToParts(SMALL).type)).toBe('success');
  });
});

describe('Cedar policy evaluator after an engine failure', () => {
  it("given one tenant's 56 KB set of 7,000 chained && checked, then POLICY_ENGINE_FAILED, and another tenant's decision and check succeed", () => {
    const evaluator = new CedarPolicyEvaluator({ validateRequests: true });
    const globex = setOf('globex', EXAMPLE_POLICIES);
    expect(evaluator.evaluate(globex, globexRequest).outcome).toBe('allow');
    expect(() => evaluator.check(chainedAnds(7_000))).toThrow(
      expect.objectContaining({ code: 'POLICY_ENGINE_FAILED' }),
    );
    expect(evaluator.evaluate(globex, globexRequest).outcome).toBe('allow');
    expect(evaluator.check(EXAMPLE_POLICIES).ok).toBe(true);
  });

  it('given a recorded set that traps the engine when decided, then that decision fails typed, the other tenants keep deciding, and the set is not loaded again', () => {
    const engine = new CedarEngine();
    const evaluator = new CedarPolicyEvaluator({ engine });
    const acme = setOf('acme', nestedParens(500));
    const globex = setOf('globex', EXAMPLE_POLICIES);
    expect(evaluator.evaluate(globex, globexRequest).outcome).toBe('allow');
    expect(() => evaluator.evaluate(acme, exampleRequest())).toThrow(
      expect.objectContaining({
        code: 'POLICY_ENGINE_FAILED',
        details: expect.objectContaining({ operation: 'evaluate' }) as object,
      }),
    );
    expect(engine.generation).toBe(1);
    // globex's set was prepared in the discarded instance: it is prepared again in the new one.
    expect(evaluator.evaluate(globex, globexRequest).outcome).toBe('allow');
    expect(() => evaluator.evaluate(acme, exampleRequest())).toThrow(
      expect.objectContaining({ code: 'POLICY_ENGINE_FAILED' }),
    );
    expect(engine.generation).toBe(1);
    // A new version of acme's set is tried again.
    expect(evaluator.evaluate(setOf('acme', EXAMPLE_POLICIES, 2), exampleRequest()).outcome).toBe('allow');
    expect(evaluator.evaluate(globex, globexRequest).outcome).toBe('allow');
  });
});
