import { describe, expect, it } from 'vitest';
import type { PolicyRequest, PublishedPolicySet } from '../../domain/index.js';
import { CedarPolicyEvaluator } from './cedarPolicyEvaluator.js';
import { EXAMPLE_POLICIES } from './examplePolicies.js';
import { exampleRequest } from './exampleRequests.js';
import { sha256PolicyDigester } from './policyDigester.js';

const evaluator = new CedarPolicyEvaluator({ validateRequests: true });

function published(policies: string, tenant = 'acme', version = 1): PublishedPolicySet {
  const check = evaluator.check(policies);
  if (!check.ok) throw new Error(JSON.stringify(check.problems));
  const sha256 = sha256PolicyDigester.textSha256(policies);
  return {
    tenant,
    version,
    policies,
    policyIds: check.policyIds,
    sha256,
    publishedBy: 'k',
    description: '',
    publishedAt: '',
    eventId: 'e',
    revision: version - 1,
  };
}

const example = published(EXAMPLE_POLICIES);
const decide = (request: PolicyRequest) => evaluator.evaluate(example, request);

describe('Cedar policy evaluator: checking sets', () => {
  it('given the example set, then it validates and names its 20 policies in order', () => {
    const check = evaluator.check(EXAMPLE_POLICIES);
    expect(check.ok && check.policyIds.length).toBe(20);
    expect(check.ok && check.policyIds[0]).toBe('app-read');
  });

  it.each([
    ['a syntax error', '@id("a") permit(principal, action, resource', /unexpected end of input/],
    [
      'an attribute the schema lacks',
      '@id("a") permit(principal, action, resource) when { context.nope == 1 };',
      /nope/,
    ],
    [
      'an unguarded optional attribute',
      '@id("a") permit(principal, action, resource) when { context.riskScoreBp > 1 };',
      /riskScoreBp/,
    ],
    [
      'a float risk threshold',
      '@id("a") permit(principal, action, resource) when { context.riskScoreBp > 0.7 };',
      /.+/,
    ],
    ['a policy without @id', 'permit(principal, action, resource);', /no @id/],
    [
      'a duplicate @id',
      '@id("a") permit(principal, action, resource);\n@id("a") forbid(principal, action, resource);',
      /more than once/,
    ],
    [
      'an approval-gated permit',
      '@id("a") @approval("required") permit(principal, action, resource);',
      /forbid policies only/,
    ],
    ['a template', '@id("a") permit(principal == ?principal, action, resource);', /template/],
  ])('given %s, then the set is refused with Cedar-level problems', (_what, text, message) => {
    const check = evaluator.check(text);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.problems.map((problem) => problem.message).join('\n')).toMatch(message);
  });
});

describe('Cedar policy evaluator: decisions under the example set', () => {
  it('given an app reading, then allow naming the permits', () => {
    expect(decide(exampleRequest())).toEqual({
      outcome: 'allow',
      determiningPolicies: ['app-read', 'kv-get-anyone'],
      reasons: ['apps may call read-only tools', 'permitted by policy kv-get-anyone'],
    });
  });

  it('given a role no permit covers, then deny by default', () => {
    expect(
      decide(exampleRequest({ role: 'reviewer', tool: 'kv.put', sideEffect: 'reversible' })),
    ).toMatchObject({
      outcome: 'deny',
      determiningPolicies: [],
    });
  });

  it('given an admin (permitted) calling a shell tool, then the forbid wins', () => {
    expect(decide(exampleRequest({ role: 'admin', tool: 'shell.exec' }))).toMatchObject({
      outcome: 'deny',
      determiningPolicies: ['shell-block'],
    });
  });

  it('given the risk score crosses 0.9, then deny; at exactly 0.9, allow (threshold is > 9000 bp)', () => {
    expect(decide(exampleRequest({ riskScore: 0.9001 }))).toMatchObject({
      outcome: 'deny',
      determiningPolicies: ['risk-block'],
    });
    expect(decide(exampleRequest({ riskScore: 0.9 })).outcome).toBe('allow');
  });

  it('given an irreversible call scored 0.6, then require_approval naming the gate; with an approval, allow', () => {
    const request = { tool: 'mail.send', sideEffect: 'irreversible', riskScore: 0.6 } as const;
    expect(decide(exampleRequest(request))).toEqual({
      outcome: 'require_approval',
      determiningPolicies: ['risk-irreversible-gate'],
      reasons: ['irreversible call with risk above 0.5 needs approval'],
    });
    expect(decide(exampleRequest({ ...request, approved: true }))).toMatchObject({
      outcome: 'allow',
      determiningPolicies: ['app-irreversible', 'risk-irreversible-gate'],
    });
  });

  it('given a gate and a hard forbid apply together, then an approval does not help', () => {
    const request = exampleRequest({
      tool: 'mail.send',
      sideEffect: 'irreversible',
      riskScore: 0.95,
      approved: true,
    });
    expect(decide(request)).toMatchObject({
      outcome: 'deny',
      determiningPolicies: ['risk-block', 'risk-irreversible-gate'],
    });
  });

  it('given an unscored irreversible call or a payment tag, then approval gates apply', () => {
    expect(
      decide(exampleRequest({ tool: 'mail.send', sideEffect: 'irreversible', riskScore: null })),
    ).toMatchObject({
      outcome: 'require_approval',
      determiningPolicies: ['unscored-irreversible-gate'],
    });
    expect(decide(exampleRequest({ riskTags: ['payment'] })).outcome).toBe('require_approval');
  });

  it('given args, then tag conditions see them (http host allow-list, kv.delete count)', () => {
    const http = (url: string) => exampleRequest({ tool: 'http.get', args: { url } });
    expect(decide(http('http://billing.internal/invoices')).outcome).toBe('allow');
    for (const url of [
      'http://evil.example/',
      'http://evil.example/x.internal/',
      'http://a.internal@evil.example/',
      'http://evil.example?x=.internal/',
      'http://evil.example#.internal/',
    ])
      expect(decide(http(url))).toMatchObject({
        outcome: 'deny',
        determiningPolicies: ['http-internal-only'],
      });
    const del = (count: number) =>
      exampleRequest({ tool: 'kv.delete', sideEffect: 'reversible', args: { count } });
    expect(decide(del(1)).outcome).toBe('allow');
    expect(decide(del(5))).toMatchObject({
      outcome: 'require_approval',
      determiningPolicies: ['delete-many-gate'],
    });
  });

  it('given the budget is spent or the run is over, then deny', () => {
    expect(decide(exampleRequest({ toolCalls: 3, maxToolCalls: 3 }))).toMatchObject({
      determiningPolicies: ['tool-budget'],
    });
    expect(decide(exampleRequest({ runStatus: 'completed' }))).toMatchObject({
      determiningPolicies: ['run-not-running'],
    });
  });

  it("given a request of another tenant, then the evaluator refuses it rather than deciding under acme's set", () => {
    expect(() => decide(exampleRequest({ tenant: 'globex' }))).toThrow(
      expect.objectContaining({ code: 'POLICY_REQUEST_INVALID' }),
    );
  });

  it('given a risk score outside 0..1, then POLICY_REQUEST_INVALID', () => {
    expect(() => decide(exampleRequest({ riskScore: 1.5 }))).toThrow(
      expect.objectContaining({ code: 'POLICY_REQUEST_INVALID' }),
    );
  });

  it('given a forbid that errors at evaluation, then deny naming it (fail closed)', () => {
    const set = published(
      '@id("p") permit(principal, action, resource);\n@id("f") forbid(principal, action, resource) when { context.run.toolCalls + 9223372036854775807 < 0 };',
      'acme',
      2,
    );
    expect(evaluator.evaluate(set, exampleRequest({ toolCalls: 1 }))).toMatchObject({
      outcome: 'deny',
      determiningPolicies: ['f'],
    });
    expect(evaluator.evaluate(set, exampleRequest({ toolCalls: 0 })).outcome).toBe('allow');
  });
});
