import { describe, expect, it } from 'vitest';
import type { PublishPolicySet } from './policyDecider.js';
import { decidePublish, initialPolicyState } from './policyDecider.js';
import type { PolicyState } from './policyDecider.js';

const command: PublishPolicySet = {
  tenant: 'acme',
  policies: 'text',
  description: 'first',
  publishedBy: 'key-admin',
  sha256: 'aa',
  bytes: 4,
  admission: { check: { ok: true, policyIds: ['p'] } },
};

describe('policy decider', () => {
  it('given no set, when a valid set is published, then version 1', () => {
    expect(decidePublish(initialPolicyState, command)).toEqual([
      {
        type: 'PolicySetPublished',
        data: {
          tenant: 'acme',
          version: 1,
          policies: 'text',
          policyIds: ['p'],
          sha256: 'aa',
          publishedBy: 'key-admin',
          description: 'first',
        },
      },
    ]);
  });

  it('given version 3, when the same text is published again, then nothing; other text, then version 4', () => {
    const state: PolicyState = {
      revision: 2,
      current: { ...command, version: 3, publishedAt: '', eventId: 'e', revision: 2, policyIds: ['p'] },
    };
    expect(decidePublish(state, command)).toEqual([]);
    expect(decidePublish(state, { ...command, sha256: 'bb' })[0]?.data).toMatchObject({ version: 4 });
  });

  it('when an invalid set is published, then POLICY_INVALID carries the problems', () => {
    const problems = [{ policyId: 'p', message: 'attribute `nope` not found', help: null }];
    expect(() =>
      decidePublish(initialPolicyState, { ...command, admission: { check: { ok: false, problems } } }),
    ).toThrow(expect.objectContaining({ code: 'POLICY_INVALID', details: { tenant: 'acme', problems } }));
  });

  it('given version 3, when a text over a limit is published, then PolicySetRefused naming who, the limit and the text digest; the set stays', () => {
    const refused = { reason: 'POLICY_TOO_COMPLEX', limit: 'maxDepth', max: 48, actual: 7001 } as const;
    expect(decidePublish(initialPolicyState, { ...command, admission: { refused } })).toEqual([
      {
        type: 'PolicySetRefused',
        data: {
          tenant: 'acme',
          reason: 'POLICY_TOO_COMPLEX',
          limit: 'maxDepth',
          max: 48,
          actual: 7001,
          sha256: 'aa',
          bytes: 4,
          refusedBy: 'key-admin',
        },
      },
    ]);
  });
});
