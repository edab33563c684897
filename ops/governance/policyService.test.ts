import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CommandOrigin, EventLog, PolicyLimits } from '../../domain/index.js';
import { PolicyService } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { CedarPolicyEvaluator } from './cedarPolicyEvaluator.js';
import { EXAMPLE_POLICIES } from './examplePolicies.js';
import { exampleRequest } from './exampleRequests.js';
import { sha256PolicyDigester } from './policyDigester.js';
import { chainedAnds } from './testing/hostilePolicies.js';

const admin = (tenant = 'acme'): CommandOrigin => ({ actor: { kind: 'user', id: 'key-admin' }, tenant });
const ALLOW_READS =
  '@id("reads") permit(principal, action, resource) when { resource.sideEffect == "read" };';
const FORBID_KV = '@id("no-kv") forbid(principal, action, resource) when { resource.name like "kv.*" };';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function ledgerFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mir-policy-'));
  cleanups.push(() => Promise.resolve(rmSync(dir, { recursive: true, force: true })));
  return join(dir, 'ledger.db');
}

/** One "process": its own connection to the ledger file, its own service and caches. */
function openProcess(file: string, recheckAfterMs = 0, limits?: PolicyLimits) {
  const log: EventLog = openSqliteEventLog(file);
  cleanups.push(() => log.close());
  const clock = manualClock();
  const evaluator = new CedarPolicyEvaluator({ validateRequests: true });
  const policies = new PolicyService({
    log,
    clock,
    ids: testIds,
    evaluator,
    digester: sha256PolicyDigester,
    recheckAfterMs,
    ...(limits === undefined ? {} : { limits }),
  });
  return { log, clock, policies };
}

describe('policy service (Cedar, SQLite ledger)', () => {
  it('when sets are published, then versions count up per tenant; the current text again records nothing', async () => {
    const { log, policies } = openProcess(ledgerFile());
    const v1 = await policies.publish({ policies: ALLOW_READS, description: 'reads' }, admin());
    const again = await policies.publish({ policies: ALLOW_READS, description: 'reads again' }, admin());
    const v2 = await policies.publish({ policies: EXAMPLE_POLICIES, description: 'example' }, admin());
    const globex = await policies.publish({ policies: ALLOW_READS, description: 'reads' }, admin('globex'));
    expect([v1.set.version, again.set.version, v2.set.version, globex.set.version]).toEqual([1, 1, 2, 1]);
    expect([v1.published, again.published, v2.published]).toEqual([true, false, true]);
    const stored = await log.readStream('policy-acme');
    expect(stored.map((event) => event.type)).toEqual(['PolicySetPublished', 'PolicySetPublished']);
    expect(stored[1]!.data).toMatchObject({
      version: 2,
      policies: EXAMPLE_POLICIES,
      sha256: sha256PolicyDigester.textSha256(EXAMPLE_POLICIES),
      publishedBy: 'key-admin',
      description: 'example',
    });
    expect((stored[1]!.data as { policyIds: string[] }).policyIds).toHaveLength(20);
    expect(stored[1]!.meta).toMatchObject({ tenant: 'acme', actor: admin().actor });
  });

  it('given an idempotency key, when the publish is retried after a later version, then the original comes back', async () => {
    const { policies } = openProcess(ledgerFile());
    const keyed = { ...admin(), idempotencyKey: 'pub-1' };
    const first = await policies.publish({ policies: ALLOW_READS, description: '' }, keyed);
    await policies.publish({ policies: FORBID_KV, description: '' }, admin());
    const retry = await policies.publish({ policies: ALLOW_READS, description: '' }, keyed);
    expect(retry).toEqual({ set: first.set, published: false });
  });

  it.each([
    ['a syntax error', '@id("a") permit(principal, action'],
    ['a schema violation', '@id("a") permit(principal, action, resource) when { resource.colour == "red" };'],
    ['a missing @id', 'permit(principal, action, resource);'],
  ])(
    'when a set with %s is published, then POLICY_INVALID with the problems and nothing recorded',
    async (_what, text) => {
      const { log, policies } = openProcess(ledgerFile());
      const refused = await policies
        .publish({ policies: text, description: '' }, admin())
        .catch((error: unknown) => error);
      expect(refused).toMatchObject({ code: 'POLICY_INVALID', details: { tenant: 'acme' } });
      const details = (refused as { details: { problems: { message: string }[] } }).details;
      expect(details.problems.length).toBeGreaterThan(0);
      expect(JSON.stringify(details)).not.toMatch(/at .*\.ts:\d+/);
      expect(await log.headPosition()).toBeNull();
    },
  );

  it('given no set, then every decision is a deny saying so, with the input digest', async () => {
    const { policies } = openProcess(ledgerFile());
    const request = exampleRequest();
    expect(await policies.decide(request)).toEqual({
      outcome: 'deny',
      determiningPolicies: [],
      reasons: ['no policy set published'],
      policySetVersion: null,
      inputDigest: sha256PolicyDigester.requestDigest(request),
    });
  });

  it("given sets per tenant, then each decision names its own tenant's version and policies", async () => {
    const { policies } = openProcess(ledgerFile());
    await policies.publish({ policies: ALLOW_READS, description: '' }, admin());
    await policies.publish({ policies: `${ALLOW_READS}\n${FORBID_KV}`, description: '' }, admin());
    await policies.publish({ policies: ALLOW_READS, description: '' }, admin('globex'));
    expect(await policies.decide(exampleRequest())).toMatchObject({
      outcome: 'deny',
      determiningPolicies: ['no-kv'],
      policySetVersion: 2,
    });
    expect(await policies.decide(exampleRequest({ tenant: 'globex' }))).toMatchObject({
      outcome: 'allow',
      determiningPolicies: ['reads'],
      policySetVersion: 1,
    });
    expect(await policies.decide(exampleRequest({ tenant: 'initech' }))).toMatchObject({
      outcome: 'deny',
      policySetVersion: null,
    });
  });

  it('given a later version in force, when a decision is taken again at an earlier version, then that text decides', async () => {
    const { policies } = openProcess(ledgerFile());
    await policies.publish({ policies: ALLOW_READS, description: '' }, admin());
    await policies.publish({ policies: `${ALLOW_READS}\n${FORBID_KV}`, description: '' }, admin());
    const request = exampleRequest();

    const [atOne, atTwo, unknown, none] = await Promise.all([
      policies.decideAtVersion(request, 1),
      policies.decideAtVersion(request, 2),
      policies.decideAtVersion(request, 3),
      policies.decideAtVersion(request, null),
    ]);

    const inputDigest = sha256PolicyDigester.requestDigest(request);
    expect(atOne).toMatchObject({
      outcome: 'allow',
      determiningPolicies: ['reads'],
      policySetVersion: 1,
      inputDigest,
    });
    expect(atTwo).toMatchObject({ outcome: 'deny', determiningPolicies: ['no-kv'], policySetVersion: 2 });
    expect(unknown).toBeNull();
    expect(none).toEqual({
      outcome: 'deny',
      determiningPolicies: [],
      reasons: ['no policy set published'],
      policySetVersion: null,
      inputDigest,
    });
  });

  it('given a cached set, when another process publishes, then the next decision uses the new version', async () => {
    const file = ledgerFile();
    const a = openProcess(file);
    const b = openProcess(file);
    await a.policies.publish({ policies: ALLOW_READS, description: '' }, admin());
    expect(await b.policies.decide(exampleRequest())).toMatchObject({
      outcome: 'allow',
      policySetVersion: 1,
    });
    await a.policies.publish({ policies: `${ALLOW_READS}\n${FORBID_KV}`, description: '' }, admin());
    expect(await b.policies.decide(exampleRequest())).toMatchObject({ outcome: 'deny', policySetVersion: 2 });
  });

  it("given a recheck window, then another process's version is used once the window has passed", async () => {
    const file = ledgerFile();
    const a = openProcess(file);
    const b = openProcess(file, 1_000);
    await a.policies.publish({ policies: ALLOW_READS, description: '' }, admin());
    expect((await b.policies.decide(exampleRequest())).policySetVersion).toBe(1);
    await a.policies.publish({ policies: FORBID_KV, description: '' }, admin());
    b.clock.advance(999);
    expect((await b.policies.decide(exampleRequest())).policySetVersion).toBe(1);
    b.clock.advance(1);
    expect((await b.policies.decide(exampleRequest())).policySetVersion).toBe(2);
  });

  it('when two processes publish different sets at once, then both land as consecutive versions', async () => {
    const file = ledgerFile();
    const a = openProcess(file);
    const b = openProcess(file);
    const [x, y] = await Promise.all([
      a.policies.publish({ policies: ALLOW_READS, description: 'a' }, admin()),
      b.policies.publish({ policies: FORBID_KV, description: 'b' }, admin()),
    ]);
    expect([x.set.version, y.set.version].sort()).toEqual([1, 2]);
    expect(await a.log.readStream('policy-acme')).toHaveLength(2);
  });

  it("given a set in force, when the report's 56 KB set of 7,000 chained && is published, then POLICY_TOO_COMPLEX before Cedar sees it, the refusal is recorded and the set in force stays", async () => {
    const { log, policies } = openProcess(ledgerFile());
    await policies.publish({ policies: ALLOW_READS, description: '' }, admin());
    const hostile = chainedAnds(7_000);
    const refused = await policies
      .publish({ policies: hostile, description: 'all' }, admin())
      .catch((error: unknown) => error);
    const stored = await log.readStream('policy-acme');
    expect(stored.map((event) => event.type)).toEqual(['PolicySetPublished', 'PolicySetRefused']);
    expect(refused).toMatchObject({
      code: 'POLICY_TOO_COMPLEX',
      details: { limit: 'maxDepth', max: 48, actual: 7_001, eventId: stored[1]!.id },
    });
    expect(stored[1]!.meta).toMatchObject({ tenant: 'acme', actor: admin().actor });
    expect(stored[1]!.data).toEqual({
      tenant: 'acme',
      reason: 'POLICY_TOO_COMPLEX',
      limit: 'maxDepth',
      max: 48,
      actual: 7_001,
      sha256: sha256PolicyDigester.textSha256(hostile),
      bytes: hostile.length,
      refusedBy: 'key-admin',
    });
    expect(await policies.decide(exampleRequest())).toMatchObject({ outcome: 'allow', policySetVersion: 1 });
    const next = await policies.publish({ policies: FORBID_KV, description: '' }, admin());
    expect(next.set).toMatchObject({ version: 2, revision: 2 });
  });

  it.each([
    ['bytes', { maxBytes: 100 }, 'POLICY_TOO_LARGE', 'maxBytes', `${ALLOW_READS}\n${FORBID_KV}`.length],
    ['policies', { maxPolicies: 1 }, 'POLICY_TOO_LARGE', 'maxPolicies', 2],
  ] as const)(
    'given a configured limit on %s, when a set over it is published, then %s naming it, recorded',
    async (_what, limit, code, name, actual) => {
      const { log, policies } = openProcess(ledgerFile(), 0, {
        maxBytes: 1_000,
        maxPolicies: 10,
        maxDepth: 48,
        ...limit,
      });
      const refused = await policies
        .publish({ policies: `${ALLOW_READS}\n${FORBID_KV}`, description: '' }, admin())
        .catch((error: unknown) => error);
      expect(refused).toMatchObject({ code, details: { limit: name, actual } });
      expect((await log.readStream('policy-acme')).map((event) => event.data)).toEqual([
        expect.objectContaining({ reason: code, limit: name, actual }),
      ]);
    },
  );

  it('given an idempotency key, when a refused publish is retried, then the same refusal and no second event', async () => {
    const { log, policies } = openProcess(ledgerFile());
    const keyed = { ...admin(), idempotencyKey: 'pub-hostile' };
    const publish = () =>
      policies
        .publish({ policies: chainedAnds(100), description: '' }, keyed)
        .catch((error: unknown) => error);
    const first = await publish();
    const retry = await publish();
    expect(retry).toMatchObject({
      code: 'POLICY_TOO_COMPLEX',
      details: (first as { details: object }).details,
    });
    expect(await log.readStream('policy-acme')).toHaveLength(1);
  });
});
