/* eslint-disable mir/layer-arrows -- an application service tested on the real ledger adapters (the code under test imports none of them) */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteEventLog } from '../../ledger/index.js';
import type { SqliteEventLog } from '../../ledger/index.js';
import { asyncErrorCodeOf } from '../../ledger/testing/errorCodeOf.js';
import { manualClock, testIds } from '../../ledger/testing/testLedger.js';
import { RunCommandService } from '../runs/runCommandService.js';
import { RefusalRecorder } from './refusalRecorder.js';
import { TenantControlService } from './tenantControlService.js';
import { decideTenantControl, initialTenantControlState } from './tenantEvents.js';

const admin = { actor: { kind: 'user', id: 'key-admin' }, tenant: 'acme' } as const;
const app = { actor: { kind: 'service', id: 'key-app' }, tenant: 'acme' } as const;

describe('tenant kill switch decider', () => {
  const halted = { halted: { by: 'key-admin', reason: 'incident', at: 't' }, revision: 0 };

  it('given an active tenant, when halted, then TenantHalted naming who and why', () => {
    expect(
      decideTenantControl(
        { type: 'HaltTenant', tenant: 'acme', reason: 'incident' },
        initialTenantControlState,
        'key-admin',
      ),
    ).toEqual([
      { type: 'TenantHalted', data: { tenant: 'acme', reason: 'incident', haltedBy: 'key-admin' } },
    ]);
  });

  it('given a halted tenant, when halted again, then nothing new; when resumed, then TenantResumed', () => {
    expect(decideTenantControl({ type: 'HaltTenant', tenant: 'acme', reason: 'again' }, halted, 'x')).toEqual(
      [],
    );
    expect(
      decideTenantControl({ type: 'ResumeTenant', tenant: 'acme', reason: 'fixed' }, halted, 'y'),
    ).toEqual([{ type: 'TenantResumed', data: { tenant: 'acme', reason: 'fixed', resumedBy: 'y' } }]);
  });

  it('given no reason, then TENANT_INVALID_COMMAND', () => {
    expect(() =>
      decideTenantControl(
        { type: 'HaltTenant', tenant: 'acme', reason: ' ' },
        initialTenantControlState,
        'x',
      ),
    ).toThrow(expect.objectContaining({ code: 'TENANT_INVALID_COMMAND' }) as Error);
  });
});

describe('tenant kill switch over the SQLite ledger', () => {
  let dir: string;
  let log: SqliteEventLog;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mir-tenant-'));
    log = openSqliteEventLog(join(dir, 'ledger.db'));
  });
  afterEach(async () => {
    await log.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('given a halt by one process, then another process refuses the tenant at once, other tenants act, and a resume lifts it', async () => {
    const clock = manualClock();
    const here = new TenantControlService(log, clock, testIds);
    const otherLog = openSqliteEventLog(join(dir, 'ledger.db'));
    try {
      const there = new TenantControlService(otherLog, clock, testIds);
      await there.assertActive('acme');
      await here.halt('acme', 'credential leak', admin);
      expect(await asyncErrorCodeOf(() => there.assertActive('acme'))).toBe('TENANT_HALTED');
      await there.assertActive('globex');
      await here.resume('acme', 'keys rotated', admin);
      await there.assertActive('acme');
    } finally {
      await otherLog.close();
    }
    const events = await log.readStream('tenant-acme');
    expect(events.map((event) => [event.type, event.meta.actor.id])).toEqual([
      ['TenantHalted', 'key-admin'],
      ['TenantResumed', 'key-admin'],
    ]);
  });

  it('given a halted tenant, then run commands are refused except cancelling; each refusal is evidence on refusals-<tenant>, not on the run', async () => {
    const clock = manualClock();
    const killSwitch = new TenantControlService(log, clock, testIds);
    const runs = new RunCommandService(log, clock, testIds, 5, killSwitch);
    const runId = testIds.newId();
    await runs.execute({ type: 'StartRun', runId, goal: 'g', agent: 'a', input: null, budget: {} }, app);
    await killSwitch.halt('acme', 'incident', admin);
    const step = { type: 'RecordStep', runId, kind: 'note', summary: 's', payload: null } as const;
    expect(await asyncErrorCodeOf(() => runs.execute(step, app))).toBe('TENANT_HALTED');
    const start = {
      type: 'StartRun',
      runId: testIds.newId(),
      goal: 'g',
      agent: 'a',
      input: null,
      budget: {},
    } as const;
    expect(await asyncErrorCodeOf(() => runs.execute(start, app))).toBe('TENANT_HALTED');
    await runs.execute({ type: 'CancelRun', runId, reason: 'halted' }, app);
    expect((await log.readStream(`run-${runId}`)).map((event) => event.type)).toEqual([
      'RunStarted',
      'RunCancelled',
    ]);
    const refusals = await log.readStream('refusals-acme');
    expect(refusals.map((event) => [event.type, event.meta.actor.id, event.meta.tenant])).toEqual([
      ['TenantActionRefused', 'key-app', 'acme'],
      ['TenantActionRefused', 'key-app', 'acme'],
    ]);
    expect(refusals.map((event) => event.data)).toEqual([
      expect.objectContaining({
        action: 'RecordStep',
        subject: runId,
        reason: 'TENANT_HALTED',
        haltReason: 'incident',
      }),
      expect.objectContaining({ action: 'StartRun', subject: start.runId, haltedBy: 'key-admin' }),
    ]);
  });

  it('given a halted tenant, then the refusal names the recorded event; a bare check records nothing; the switch stays one read', async () => {
    const killSwitch = new TenantControlService(log, manualClock(), testIds);
    await killSwitch.halt('acme', 'incident', admin);
    const attempt = { action: 'InvokeTool', subject: 'run-1', actor: app.actor };
    const refused = await killSwitch.assertActive('acme', attempt).catch((error: unknown) => error);
    const [recorded] = await log.readStream('refusals-acme');
    expect(refused).toMatchObject({ code: 'TENANT_HALTED', details: { refusalEventId: recorded!.id } });
    expect(await asyncErrorCodeOf(() => killSwitch.assertActive('acme'))).toBe('TENANT_HALTED');
    expect(await log.readStream('refusals-acme')).toHaveLength(1);
    expect((await log.readStream('tenant-acme')).map((event) => event.type)).toEqual(['TenantHalted']);
  });

  it('given a halted tenant and a client retrying in a loop, then its refusals share one recorded event at once and one counted event at flush', async () => {
    const clock = manualClock();
    // A timer whose windows never close by themselves: here the window closes at the flush (shutdown).
    const timer = { within: <T>(promise: Promise<T>) => promise, after: () => () => undefined };
    const refusals = new RefusalRecorder(log, clock, testIds, { timer, windowMs: 60_000 });
    const killSwitch = new TenantControlService(log, clock, testIds, refusals);
    await killSwitch.halt('acme', 'incident', admin);
    const attempt = { action: 'InvokeTool', subject: 'run-1', actor: app.actor };
    const refused = [];
    for (let i = 0; i < 25; i++)
      refused.push(await killSwitch.assertActive('acme', attempt).catch((e: unknown) => e));
    const [first] = await log.readStream('refusals-acme');
    for (const error of refused)
      expect(error).toMatchObject({ code: 'TENANT_HALTED', details: { refusalEventId: first!.id } });
    expect(await log.readStream('refusals-acme')).toHaveLength(1);
    await refusals.flush();
    const events = await log.readStream('refusals-acme');
    expect(events.map((event) => [event.type, (event.data as { count: number }).count])).toEqual([
      ['TenantActionRefused', 1],
      ['TenantActionRefused', 24],
    ]);
    expect(events[1]!.data).toMatchObject({
      action: 'InvokeTool',
      subject: 'run-1',
      firstEventId: first!.id,
    });
  });

  it("given a halted tenant, then the runtime's own actions (actor kind system) go through, unrecorded", async () => {
    const killSwitch = new TenantControlService(log, manualClock(), testIds);
    await killSwitch.halt('system', 'incident', admin);
    const runtime = {
      action: 'RegisterTool',
      subject: 'kv.put',
      actor: { kind: 'system', id: 'mir' },
    } as const;
    await killSwitch.assertActive('system', runtime);
    const user = { ...runtime, actor: { kind: 'user', id: 'mir-cli' } } as const;
    expect(await asyncErrorCodeOf(() => killSwitch.assertActive('system', user))).toBe('TENANT_HALTED');
    expect((await log.readStream('refusals-system')).map((event) => event.meta.actor.id)).toEqual([
      'mir-cli',
    ]);
  });
});
