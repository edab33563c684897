import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { errorCodes, graphqlRequest } from './testing/graphqlRequest.js';
import { openTestRuntime } from './testing/testRuntime.js';
import type { TestRuntime } from './testing/testRuntime.js';

const VIEWER = '{ viewer { keyId tenant role label capabilities } }';

let rt: TestRuntime;
beforeAll(async () => {
  rt = await openTestRuntime();
});
afterAll(async () => rt.close());

describe('viewer', () => {
  it('given a reviewer key, then it answers that key, its tenant and exactly the capabilities a reviewer holds', async () => {
    const key = await rt.issue('reviewer', 'acme');
    const response = await graphqlRequest(rt.api.yoga, VIEWER, { authorization: `Bearer ${key.token}` });
    expect(response.errors).toBeUndefined();
    expect(response.data?.viewer).toEqual({
      keyId: key.keyId,
      tenant: 'acme',
      role: 'reviewer',
      label: key.label,
      capabilities: [
        'read',
        'modelRead',
        'toolRead',
        'approvalRead',
        'approvalDecide',
        'memoryRead',
        'memoryReview',
        'memoryRetract',
        'engineRead',
      ],
    });
  });

  it('given an admin key, then it may halt the tenant but not decide approvals', async () => {
    const key = await rt.issue('admin', 'acme');
    const response = await graphqlRequest<{ viewer: { capabilities: string[] } }>(rt.api.yoga, VIEWER, {
      authorization: `Bearer ${key.token}`,
    });
    expect(response.data?.viewer.capabilities).toContain('tenantAdmin');
    expect(response.data?.viewer.capabilities).not.toContain('approvalDecide');
  });

  it('given no key, then UNAUTHENTICATED', async () => {
    const response = await graphqlRequest(rt.api.yoga, VIEWER, { authorization: null });
    expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
  });
});
