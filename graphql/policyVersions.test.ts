import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PAYMENT_GATE_POLICIES, PUBLISH } from './testing/governanceOperations.js';
import { errorCodes, graphqlRequest } from './testing/graphqlRequest.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

const VERSIONS = '{ policyVersions { tenant version description policyIds policies } }';
const APPS_ONLY = '@id("apps") permit(principal, action, resource) when { principal.role == "app" };';

interface Versions {
  readonly policyVersions: ReadonlyArray<{
    tenant: string;
    version: number;
    description: string;
    policyIds: string[];
    policies: string;
  }>;
}

let rt: TestRuntime;
let admin: string;
beforeAll(async () => {
  rt = await openTestRuntime({ governance: true });
  admin = await rt.bearer('admin');
});
afterAll(async () => rt.close());

const publish = async (authorization: string, p: string, d: string) => {
  const response = await graphqlRequest(rt.api.yoga, PUBLISH, { authorization, variables: { p, d } });
  expect(response.errors).toBeUndefined();
};
const versions = (authorization: string) =>
  graphqlRequest<Versions>(rt.api.yoga, VERSIONS, { authorization });

describe('policyVersions', () => {
  it('given no publish yet, then an empty list', async () => {
    expect((await versions(admin)).data?.policyVersions).toEqual([]);
  });

  it('given three publishes here and one in another tenant, then this tenant’s three, newest first, with their text', async () => {
    await publish(admin, APPS_ONLY, 'first');
    await publish(admin, PAYMENT_GATE_POLICIES, 'second');
    await publish(await rt.bearer('admin', 'globex'), APPS_ONLY, 'foreign');
    await publish(admin, APPS_ONLY, 'third');
    const response = await versions(await rt.bearer('auditor'));
    expect(response.errors).toBeUndefined();
    expect(response.data!.policyVersions).toEqual([
      { tenant: 'acme', version: 3, description: 'third', policyIds: ['apps'], policies: APPS_ONLY },
      {
        tenant: 'acme',
        version: 2,
        description: 'second',
        policyIds: ['app-any', 'payments-gate'],
        policies: PAYMENT_GATE_POLICIES,
      },
      { tenant: 'acme', version: 1, description: 'first', policyIds: ['apps'], policies: APPS_ONLY },
    ]);
  });

  it('given a reviewer, then FORBIDDEN', async () => {
    expect(errorCodes(await versions(await rt.bearer('reviewer')))).toEqual(['FORBIDDEN']);
  });
});
