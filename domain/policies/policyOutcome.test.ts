import { describe, expect, it } from 'vitest';
import type { PolicyMeta } from './policyAnnotations.js';
import { readPolicySetMeta } from './policyAnnotations.js';
import type { EnginePass } from './policyOutcome.js';
import { DEFAULT_DENY_REASON, resolveOutcome } from './policyOutcome.js';

const metas = new Map<string, PolicyMeta>(
  [
    { id: 'p', effect: 'permit', approvalGate: false, reason: 'reads are fine' },
    { id: 'f', effect: 'forbid', approvalGate: false, reason: null },
    { id: 'g', effect: 'forbid', approvalGate: true, reason: 'needs a human' },
  ].map((meta) => [meta.id, meta as PolicyMeta]),
);
const pass = (decision: 'allow' | 'deny', determining: string[], errored: EnginePass['errored'] = []) => ({
  decision,
  determining,
  errored,
});
const noSecondPass = () => {
  throw new Error('second pass not expected');
};

describe('policy outcome', () => {
  it('given a permit applies and no forbid, then allow naming the permit with its @reason', () => {
    expect(resolveOutcome(metas, pass('allow', ['p']), noSecondPass, false)).toEqual({
      outcome: 'allow',
      determiningPolicies: ['p'],
      reasons: ['reads are fine'],
    });
  });

  it('given nothing applies, then deny by default naming no policy', () => {
    expect(resolveOutcome(metas, pass('deny', []), noSecondPass, false)).toEqual({
      outcome: 'deny',
      determiningPolicies: [],
      reasons: [DEFAULT_DENY_REASON],
    });
  });

  it('given a plain forbid applies beside a gate, then deny even with an approval (forbid wins)', () => {
    const verdict = resolveOutcome(metas, pass('deny', ['f', 'g']), noSecondPass, true);
    expect(verdict).toEqual({
      outcome: 'deny',
      determiningPolicies: ['f', 'g'],
      reasons: ['forbidden by policy f'],
    });
  });

  it('given only a gate applies and a permit would, then require_approval; with an approval, allow', () => {
    const lifted = () => pass('allow', ['p']);
    expect(resolveOutcome(metas, pass('deny', ['g']), lifted, false)).toEqual({
      outcome: 'require_approval',
      determiningPolicies: ['g'],
      reasons: ['needs a human'],
    });
    expect(resolveOutcome(metas, pass('deny', ['g']), lifted, true)).toMatchObject({
      outcome: 'allow',
      determiningPolicies: ['p', 'g'],
    });
  });

  it('given only a gate applies and no permit would, then deny by default (an approval cannot create a permit)', () => {
    expect(resolveOutcome(metas, pass('deny', ['g']), () => pass('deny', []), true)).toMatchObject({
      outcome: 'deny',
      determiningPolicies: [],
    });
  });

  it('given a forbid errors while a permit applies, then deny naming the broken forbid (fail closed)', () => {
    const verdict = resolveOutcome(
      metas,
      pass('allow', ['p'], [{ policyId: 'f', message: 'boom' }]),
      noSecondPass,
      false,
    );
    expect(verdict.outcome).toBe('deny');
    expect(verdict.determiningPolicies).toEqual(['f']);
  });

  it('given policies without, with malformed or duplicate annotations, then each rule break is reported', () => {
    const { problems } = readPolicySetMeta([
      { effect: 'permit', annotations: {} },
      { effect: 'permit', annotations: { id: 'a', approval: 'required' } },
      { effect: 'forbid', annotations: { id: 'b', approval: 'maybe' } },
      { effect: 'forbid', annotations: { id: 'c' } },
      { effect: 'forbid', annotations: { id: 'c' } },
    ]);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toMatch(
      /#1 has no @id.*\n.*forbid policies only.*\n.*must be "required".*\n.*"c" is used more than once/,
    );
  });
});
