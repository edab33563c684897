import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiKeyStream } from '../../domain/index.js';
import type { EventLog, NewEvent } from '../../domain/index.js';
import { createMemoryEventLog } from '../../ledger/index.js';
import { TEST_META, testEvent } from '../../ledger/testing/testEvents.js';
import { openTestReadModels } from '../testing/readModelFixture.js';

const issued = (keyId: string, tenant: string, role = 'app'): NewEvent =>
  testEvent({
    type: 'ApiKeyIssued',
    data: { keyId, role, tenant, label: `${role} key`, secretHash: 'ab'.repeat(32) },
    meta: { ...TEST_META, tenant: 'system', occurredAt: '2026-11-23T12:00:00.000Z' },
  });
const revoked = (keyId: string, reason: string, at: string): NewEvent =>
  testEvent({ type: 'ApiKeyRevoked', data: { keyId, reason }, meta: { ...TEST_META, occurredAt: at } });

describe('API keys projection', () => {
  let log: EventLog;
  let models: ReturnType<typeof openTestReadModels>;
  beforeEach(() => {
    log = createMemoryEventLog();
    models = openTestReadModels(log);
  });
  afterEach(() => models.dispose());

  it("given issued keys, then each is listed under the key's tenant (not the issuer's) with its hash only", async () => {
    await log.append(apiKeyStream('k1'), [issued('k1', 'acme', 'auditor')], 'no_stream');
    await log.append(apiKeyStream('k2'), [issued('k2', 'globex')], 'no_stream');
    await models.runner.catchUp();
    expect(await models.queries.apiKey('k1')).toEqual({
      keyId: 'k1',
      role: 'auditor',
      tenant: 'acme',
      label: 'auditor key',
      secretHash: 'ab'.repeat(32),
      issuedAt: '2026-11-23T12:00:00.000Z',
      revokedAt: null,
    });
    expect((await models.queries.listApiKeys('globex')).map((key) => key.keyId)).toEqual(['k2']);
    expect((await models.queries.listApiKeys()).map((key) => key.keyId)).toEqual(['k1', 'k2']);
  });

  it('given a revocation, then the key shows when it was revoked, and a second one changes nothing', async () => {
    await log.append(apiKeyStream('k1'), [issued('k1', 'acme')], 'no_stream');
    await log.append(apiKeyStream('k1'), [revoked('k1', 'leaked', '2026-11-24T00:00:00.000Z')], 0);
    await log.append(apiKeyStream('k1'), [revoked('k1', 'again', '2026-11-25T00:00:00.000Z')], 1);
    await models.runner.catchUp();
    expect(await models.queries.apiKey('k1')).toMatchObject({ revokedAt: '2026-11-24T00:00:00.000Z' });
  });

  it('given a second ApiKeyIssued for a revoked key, then it stays revoked and unchanged', async () => {
    await log.append(apiKeyStream('k1'), [issued('k1', 'acme')], 'no_stream');
    await log.append(apiKeyStream('k1'), [revoked('k1', 'leaked', '2026-11-24T00:00:00.000Z')], 0);
    await log.append(apiKeyStream('k1'), [issued('k1', 'globex', 'admin')], 1);
    await models.runner.catchUp();
    expect(await models.queries.apiKey('k1')).toMatchObject({
      role: 'app',
      tenant: 'acme',
      revokedAt: '2026-11-24T00:00:00.000Z',
    });
  });

  it('given no such key, then null', async () => {
    expect(await models.queries.apiKey('nope')).toBeNull();
  });
});
