import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY_LIMITS, measurePolicyText } from '../../domain/index.js';
import { CedarPolicyEvaluator } from './cedarPolicyEvaluator.js';
import { EXAMPLE_POLICIES } from './examplePolicies.js';
import { exampleRequest } from './exampleRequests.js';
import { sha256PolicyDigester } from './policyDigester.js';
import { chainedAnds, nestedParens } from './testing/hostilePolicies.js';

// The limits against the real engine: every construct that nests, grown to the deepest text the default limit
// admits, must neither trap Cedar when checked nor when decided.

const when = (condition: string) => `@id("p") permit(principal, action, resource) when { ${condition} };`;

const FAMILIES: Readonly<Record<string, (n: number) => string>> = {
  'nested parentheses': (n) => nestedParens(n),
  'bare parentheses': (n) => when(`${'('.repeat(n)}true${')'.repeat(n)}`),
  'nested sets': (n) => when(`${'['.repeat(n)}${']'.repeat(n)} == []`),
  'nested records': (n) => when(`${'{a: '.repeat(n)}1${'}'.repeat(n)} == {}`),
  'nested if-then-else': (n) => when(`${'if true then '.repeat(n)}true${' else false'.repeat(n)}`),
  'chained else-if': (n) => when(`${'if true then true else '.repeat(n)}true`),
  'member chains': (n) => when(`context${'.a'.repeat(n)} == 1`),
  'method chains': (n) => when(`[1]${'.contains(1)'.repeat(n)}`),
  'chained +': (n) => when(`1${' + 1'.repeat(n)} == 1`),
  'chained has': (n) => when(`context has a${' && context has a'.repeat(n)}`),
  'chained &&': (n) => chainedAnds(n),
  'parentheses then a chain': (n) => when(`${'('.repeat(n)}true${')'.repeat(n)}${' && true'.repeat(n)}`),
};

const evaluator = new CedarPolicyEvaluator();

/** `text` as if published for acme (deciding does not validate against MIR's schema, only checking does). */
const setOf = (policies: string) => ({
  tenant: 'acme',
  version: 1,
  policies,
  policyIds: ['p'],
  sha256: sha256PolicyDigester.textSha256(policies),
  publishedBy: 'k',
  description: '',
  publishedAt: '',
  eventId: 'e',
  revision: 0,
});

/** The largest n whose text is within the default depth limit. */
function deepestAdmitted(grow: (n: number) => string): number {
  let n = 1;
  while (measurePolicyText(grow(n + 1)).depth <= DEFAULT_POLICY_LIMITS.maxDepth) n++;
  return n;
}

/** Whether Cedar traps in `call` (the evaluator then reports POLICY_ENGINE_FAILED). */
function traps(call: () => unknown): boolean {
  try {
    call();
    return false;
  } catch (error) {
    if ((error as { code?: string }).code === 'POLICY_ENGINE_FAILED') return true;
    throw error;
  }
}

describe('policy limits against the Cedar engine', () => {
  it('given the example set, then it is well within every default limit', () => {
    const measure = measurePolicyText(EXAMPLE_POLICIES);
    expect(measure.depth).toBeLessThanOrEqual(DEFAULT_POLICY_LIMITS.maxDepth / 1.5);
    expect(measure.policies).toBe(20);
    expect(measure.bytes).toBeLessThan(DEFAULT_POLICY_LIMITS.maxBytes);
  });

  it.each(Object.entries(FAMILIES))(
    'given %s as deep as the default limit admits, then Cedar checks and decides under it without trapping',
    (_family, grow) => {
      const text = grow(deepestAdmitted(grow));
      expect(measurePolicyText(text).depth).toBeLessThanOrEqual(DEFAULT_POLICY_LIMITS.maxDepth);
      expect(traps(() => evaluator.check(text))).toBe(false);
      expect(traps(() => evaluator.evaluate(setOf(text), exampleRequest()))).toBe(false);
    },
  );
});
