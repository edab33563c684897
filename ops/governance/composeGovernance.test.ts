import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GovernedOrigin } from '../../domain/index.js';
import { NO_KILL_SWITCH, RunCommandService, TenantControlService } from '../../domain/index.js';
import { OrtInferenceEngine } from '../../inference/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import type { SqliteEventLog } from '../../ledger/index.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { openTestReadModels } from '../../projections/testing/readModelFixture.js';
import { openGovernance } from './composeGovernance.js';
import type { Governance } from './composeGovernance.js';
import { EXAMPLE_POLICIES } from './examplePolicies.js';

const app: GovernedOrigin = { actor: { kind: 'service', id: 'key-app' }, tenant: 'acme', role: 'app' };
const admin: GovernedOrigin = { actor: { kind: 'user', id: 'key-admin' }, tenant: 'acme', role: 'admin' };

let dir: string;
let log: SqliteEventLog;
let engine: OrtInferenceEngine;
let readModels: ReturnType<typeof openTestReadModels>;
let governance: Governance;
const clock = manualClock();

/** What the server hands governance, over this file's ledger, engine and read models. */
const governanceDeps = () => ({
  log,
  clock,
  ids: testIds,
  killSwitch: NO_KILL_SWITCH,
  engine,
  dataDir: join(dir, 'tools'),
  readModels,
  settings: { httpAllowedHosts: [] },
});

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mir-governance-'));
  log = openSqliteEventLog(join(dir, 'ledger.db'));
  engine = new OrtInferenceEngine({ workers: 1, executionProviders: ['cpu'] });
  readModels = openTestReadModels(log);
  await readModels.runner.start();
  governance = await openGovernance(governanceDeps());
});

afterAll(async () => {
  await governance.close();
  await engine.close();
  await readModels.dispose();
  await log.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('governance as the server composes it', () => {
  it('given the built-in tools registered twice, then each definition is recorded once', async () => {
    const again = await openGovernance(governanceDeps());
    await again.close();
    const registered = await log.readAll({ filter: { types: ['ToolRegistered'] } });
    expect(registered.map((event) => (event.data as { name: string }).name).sort()).toEqual([
      'http.get',
      'http.post',
      'kv.delete',
      'kv.get',
      'kv.put',
      'kv.restore',
    ]);
  });

  it('given the system tenant halted, then governance still composes: registering the built-ins is the runtime acting, not a tenant', async () => {
    const tenants = new TenantControlService(log, clock, testIds);
    await tenants.halt('system', 'incident', { actor: { kind: 'user', id: 'mir-cli' }, tenant: 'system' });
    const composed = await openGovernance({ ...governanceDeps(), killSwitch: tenants });
    await composed.close();
    await tenants.resume('system', 'over', { actor: { kind: 'user', id: 'mir-cli' }, tenant: 'system' });
    expect(await log.readStream('refusals-system')).toEqual([]);
  });

  it('given the built-in tools, then every one that writes is recorded with its default rate limit', async () => {
    const registered = await log.readAll({ filter: { types: ['ToolRegistered'] } });
    const limits = Object.fromEntries(
      registered.map((event) => {
        const data = event.data as { name: string; sideEffect: string; rateLimit: unknown };
        return [data.name, { sideEffect: data.sideEffect, rateLimit: data.rateLimit }];
      }),
    );
    const perMinute = (calls: number) => ({ calls, perMs: 60_000 });
    expect(limits).toEqual({
      'kv.get': { sideEffect: 'read', rateLimit: null },
      'kv.put': { sideEffect: 'reversible', rateLimit: perMinute(1_200) },
      'kv.delete': { sideEffect: 'reversible', rateLimit: perMinute(1_200) },
      'kv.restore': { sideEffect: 'reversible', rateLimit: perMinute(1_200) },
      'http.get': { sideEffect: 'read', rateLimit: perMinute(60) },
      'http.post': { sideEffect: 'irreversible', rateLimit: perMinute(60) },
    });
  });

  it('given a published policy set, when an app calls kv.put, then it runs and the decision names the real risk model and its score', async () => {
    await governance.policies.publish({ policies: EXAMPLE_POLICIES, description: 'examples' }, admin);
    const runs = new RunCommandService(log, clock, testIds);
    const runId = testIds.newId();
    await runs.execute({ type: 'StartRun', runId, goal: 'g', agent: 'a', input: null, budget: {} }, app);
    await runs.execute({ type: 'RecordStep', runId, kind: 'plan', summary: 'plan', payload: null }, app);
    const args = { key: 'greeting', value: 'hello' };
    const result = await governance.toolCalls.invokeTool({ runId, tool: 'kv.put', version: '2', args }, app);
    expect(result.outcome).toBe('completed');
    const decided = (await log.readStream(`run-${runId}`)).find((event) => event.type === 'PolicyDecided')!;
    expect(decided.data).toMatchObject({
      outcome: 'allow',
      policySetVersion: 1,
      riskModel: {
        name: 'risk-classifier',
        version: '2',
        scoring: { rule: 'max', views: 1, riskiest: 'text' },
      },
    });
    const { riskScore } = decided.data as { riskScore: number };
    expect(riskScore).toBeGreaterThan(0);
    expect(riskScore).toBeLessThan(1);
  });

  it('given the http tools with no allowed host, when policy allows an http.get, then the executor still refuses it', async () => {
    const globex = { ...app, tenant: 'globex' };
    const permitGet =
      '@id("apps-get") permit(principal, action, resource) when { resource.name == "http.get" };';
    await governance.policies.publish(
      { policies: permitGet, description: 'gets' },
      { ...admin, tenant: 'globex' },
    );
    const runs = new RunCommandService(log, clock, testIds);
    const runId = testIds.newId();
    await runs.execute({ type: 'StartRun', runId, goal: 'g', agent: 'a', input: null, budget: {} }, globex);
    const args = { url: 'http://127.0.0.1:9/' };
    const result = await governance.toolCalls.invokeTool(
      { runId, tool: 'http.get', version: '1', args },
      globex,
    );
    expect(result).toMatchObject({ outcome: 'failed', reason: 'TOOL_NOT_ALLOWED' });
  });
});
