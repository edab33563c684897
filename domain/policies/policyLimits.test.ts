import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_LIMITS, measurePolicyText, policyLimitViolation } from './policyLimits.js';

const when = (condition: string, annotations = '') =>
  `@id("p")${annotations} permit(principal, action, resource) when { ${condition} };`;
const parens = (n: number) => `${'('.repeat(n)}true${')'.repeat(n)}`;

describe('measuring a policy text', () => {
  it('given a chain a && b && c, then each operator counts one level inside its bracket', () => {
    expect(measurePolicyText(when('true')).depth).toBe(1);
    expect(measurePolicyText(when('true && true && true')).depth).toBe(3);
    expect(measurePolicyText(when('principal.role == "app"')).depth).toBe(3);
  });

  it('given brackets, then each level counts, with the operators of every enclosing level', () => {
    expect(measurePolicyText(when(parens(10))).depth).toBe(11);
    expect(measurePolicyText(when(`[[[1]]].contains([1])`)).depth).toBe(5);
  });

  it('given a bracket that later becomes the left operand of a long chain, then the chain counts above it', () => {
    // ((((true)))) && true && … : Cedar nests the brackets under every && of the chain.
    expect(measurePolicyText(when(`${parens(20)}${' && true'.repeat(30)}`)).depth).toBe(51);
  });

  it("given the report's 56 KB set of 7,000 chained &&, then it is over the default depth", () => {
    const text = when(`true${' && true'.repeat(7_000)}`);
    expect(text.length).toBeGreaterThan(56_000);
    expect(policyLimitViolation(measurePolicyText(text), DEFAULT_POLICY_LIMITS)).toEqual({
      reason: 'POLICY_TOO_COMPLEX',
      limit: 'maxDepth',
      max: DEFAULT_POLICY_LIMITS.maxDepth,
      actual: 7_001,
    });
  });

  it('given brackets and operators inside strings, annotations and comments, then they do not count', () => {
    const text = `// ((((( && && &&\n${when('resource.name like "((((&&&&[[[["', ` @reason("(((( {{{{ ;;;")`)}`;
    expect(measurePolicyText(text)).toMatchObject({ depth: 3, policies: 1 });
  });

  it('given an escaped quote, then the string goes on; after its real end, nesting counts again', () => {
    const text = when(`"a \\" ((((((((" == "b" && ${parens(40)}`);
    expect(measurePolicyText(text).depth).toBe(43);
  });

  it('given "//" inside a string, then it starts no comment: the nesting after it on that line counts', () => {
    expect(measurePolicyText(when(`"http://x" == "y" && ${parens(40)}`)).depth).toBe(43);
  });

  it('given a comment ended by a carriage return, then the nesting after it counts', () => {
    const text = `@id("p") permit(principal, action, resource) when { // note\r${parens(40)} };`;
    expect(measurePolicyText(text).depth).toBe(41);
  });

  it('given brackets that are never closed, then they still count', () => {
    expect(
      measurePolicyText(`@id("p") permit(principal, action, resource) when { ${'('.repeat(60)}`).depth,
    ).toBe(61);
  });

  it('given multi-byte text, then bytes are UTF-8 bytes', () => {
    expect(measurePolicyText('é€😀').bytes).toBe(2 + 3 + 4);
  });

  it('given n policies, then n are counted, whatever the strings and brackets hold', () => {
    const text = [when('true'), when('"a;b" == "c"'), when('[1, 2] == [1, 2]')].join('\n');
    expect(measurePolicyText(text).policies).toBe(3);
  });
});

describe('policy limits', () => {
  const limits = { maxBytes: 100, maxPolicies: 2, maxDepth: 5 };

  it('given a text within every limit, then no violation', () => {
    expect(policyLimitViolation({ bytes: 100, policies: 2, depth: 5 }, limits)).toBeNull();
  });

  it('given a text over a limit, then the first violated limit with its maximum and the actual value', () => {
    expect(policyLimitViolation({ bytes: 101, policies: 3, depth: 6 }, limits)).toEqual({
      reason: 'POLICY_TOO_LARGE',
      limit: 'maxBytes',
      max: 100,
      actual: 101,
    });
    expect(policyLimitViolation({ bytes: 1, policies: 3, depth: 6 }, limits)).toMatchObject({
      reason: 'POLICY_TOO_LARGE',
      limit: 'maxPolicies',
    });
    expect(policyLimitViolation({ bytes: 1, policies: 1, depth: 6 }, limits)).toMatchObject({
      reason: 'POLICY_TOO_COMPLEX',
      limit: 'maxDepth',
      actual: 6,
    });
  });
});
