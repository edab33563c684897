import { describe, expect, it } from 'vitest';
import { createMemoryEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { ApiKeyService } from './apiKeyService.js';

const admin = { kind: 'user', id: 'admin-cli' } as const;

describe('API keys', () => {
  it('given an issued key, when its token is presented, then it authenticates as its role and tenant; the ledger holds only a hash', async () => {
    const log = createMemoryEventLog();
    const keys = new ApiKeyService(log, manualClock(), testIds);
    const issued = await keys.issue({ role: 'auditor', tenant: 'acme', label: 'compliance' }, admin);
    expect(issued.token).toMatch(/^mir_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$/);
    expect(await keys.authenticate(`Bearer ${issued.token}`)).toEqual({
      keyId: issued.keyId,
      role: 'auditor',
      tenant: 'acme',
    });
    const stored = JSON.stringify(await log.readAll());
    // The secret is everything after `mir_<32 hex>_` (base64url: it may itself hold `_`).
    expect(stored).not.toContain(issued.token.slice('mir_'.length + 32 + 1));
    expect(stored).toContain('ApiKeyIssued');
  });

  it('when a key is revoked, then the next request with it is refused, and revoking again is KEY_ALREADY_REVOKED', async () => {
    const keys = new ApiKeyService(createMemoryEventLog(), manualClock(), testIds);
    const issued = await keys.issue({ role: 'app', tenant: 'acme', label: '' }, admin);
    await keys.revoke(issued.keyId, 'leaked', admin);
    expect(await keys.authenticate(`Bearer ${issued.token}`)).toBeNull();
    await expect(keys.revoke(issued.keyId, 'again', admin)).rejects.toMatchObject({
      code: 'KEY_ALREADY_REVOKED',
    });
    await expect(keys.revoke('01a20000-0000-7000-8000-000000000000', 'x', admin)).rejects.toMatchObject({
      code: 'KEY_NOT_FOUND',
    });
  });

  it('when a token is missing, malformed, forged or for an unknown key, then no principal', async () => {
    const keys = new ApiKeyService(createMemoryEventLog(), manualClock(), testIds);
    const issued = await keys.issue({ role: 'admin', tenant: 'acme', label: '' }, admin);
    const [prefix, id, secret] = issued.token.split('_') as [string, string, string];
    const forged = `${prefix}_${id}_${secret.slice(0, -1)}${secret.endsWith('A') ? 'B' : 'A'}`;
    for (const header of [
      null,
      '',
      'Bearer',
      `Basic ${issued.token}`,
      `Bearer ${forged}`,
      `Bearer mir_${'0'.repeat(32)}_${secret}`,
      `Bearer ${issued.token}x`,
    ]) {
      expect(await keys.authenticate(header)).toBeNull();
    }
  });

  it('when a key request is malformed, then KEY_REQUEST_INVALID', async () => {
    const keys = new ApiKeyService(createMemoryEventLog(), manualClock(), testIds);
    await expect(
      keys.issue({ role: 'root' as never, tenant: 'acme', label: '' }, admin),
    ).rejects.toMatchObject({ code: 'KEY_REQUEST_INVALID' });
    await expect(keys.issue({ role: 'app', tenant: 'a b', label: '' }, admin)).rejects.toMatchObject({
      code: 'KEY_REQUEST_INVALID',
    });
  });

  it('when a key is asked for the system tenant (whose tools and models are global), then KEY_REQUEST_INVALID and nothing is recorded', async () => {
    const log = createMemoryEventLog();
    const keys = new ApiKeyService(log, manualClock(), testIds);
    await expect(keys.issue({ role: 'admin', tenant: 'system', label: '' }, admin)).rejects.toMatchObject({
      code: 'KEY_REQUEST_INVALID',
      details: { field: 'tenant', reason: 'system is reserved for MIR itself' },
    });
    expect(await log.headPosition()).toBeNull();
  });
});

describe('API key verification cache', () => {
  it('given a verified key, when it is revoked through the service, then the very next request is refused', async () => {
    const log = createMemoryEventLog();
    const keys = new ApiKeyService(log, manualClock(), testIds);
    const issued = await keys.issue({ role: 'app', tenant: 'acme', label: '' }, admin);
    expect(await keys.authenticate(`Bearer ${issued.token}`)).not.toBeNull();
    await keys.revoke(issued.keyId, 'leaked', admin);
    expect(await keys.authenticate(`Bearer ${issued.token}`)).toBeNull();
  });

  it('given a key verified by one service, when another service over the same log (another node, the CLI) revokes it, then the very next request is refused, with no wait', async () => {
    const log = createMemoryEventLog();
    const nodeA = new ApiKeyService(log, manualClock(), testIds);
    const nodeB = new ApiKeyService(log, manualClock(), testIds);
    const issued = await nodeA.issue({ role: 'app', tenant: 'acme', label: '' }, admin);
    expect(await nodeB.authenticate(`Bearer ${issued.token}`)).not.toBeNull();
    expect(await nodeB.authenticate(`Bearer ${issued.token}`)).not.toBeNull();
    await nodeA.revoke(issued.keyId, 'leaked', admin);
    expect(await nodeB.authenticate(`Bearer ${issued.token}`)).toBeNull();
  });

  it('given a verified token, when a forged token for the same key comes, then the cache does not vouch for it', async () => {
    const keys = new ApiKeyService(createMemoryEventLog(), manualClock(), testIds);
    const issued = await keys.issue({ role: 'app', tenant: 'acme', label: '' }, admin);
    expect(await keys.authenticate(`Bearer ${issued.token}`)).not.toBeNull();
    const forged = `${issued.token.slice(0, -1)}${issued.token.endsWith('A') ? 'B' : 'A'}`;
    expect(await keys.authenticate(`Bearer ${forged}`)).toBeNull();
  });
});
