import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ToolCallService } from '../../domain/index.js';
import type { GovernedOrigin, ToolCallResult } from '../../domain/index.js';
import { openSqliteEventLog } from '../../ledger/index.js';
import {
  APP,
  CONSTANT_RISK_SCORER,
  appReadTool,
  GOVERNANCE_TEST_POLICIES,
  origin,
  openGovernance,
  typesAfterStart,
} from './governanceFixture.js';
import type { Governance } from './governanceFixture.js';

// Rate limits over the real ledger (SQLite files), Cedar and the registry: counted per tenant and tool version,
// across runs, concurrent calls, processes sharing the ledger, and restarts.

const LIMIT = { calls: 2, perMs: 1_000 };

let g: Governance;
beforeEach(async () => {
  g = await openGovernance();
  await g.tools.register(appReadTool('search.web', LIMIT), origin('key-admin', 'admin'));
});
afterEach(() => g.dispose());

const search = (service: ToolCallService, runId: string, who: GovernedOrigin = APP) =>
  service.invokeTool({ runId, tool: 'search.web', version: '1', args: { q: 'x' } }, who);
const outcomes = (results: readonly ToolCallResult[]) =>
  results.map((result) => (result.outcome === 'denied' ? result.reason : result.outcome));

describe('tool rate limits, per tenant', () => {
  it('given a limit of 2 per second, when three runs of a tenant call, then the third is denied and recorded; another tenant is not affected', async () => {
    const runs = [await g.startRun(), await g.startRun(), await g.startRun()];
    const results = [];
    for (const runId of runs) results.push(await search(g.toolCalls, runId));
    expect(outcomes(results)).toEqual(['granted', 'granted', 'TOOL_RATE_LIMITED']);
    expect(results[2]).toMatchObject({ details: { retryAfterMs: 1_000, calls: 2, perMs: 1_000 } });
    expect(typesAfterStart(await g.stream(runs[2]!))).toEqual(['ToolCallRequested', 'ToolCallDenied']);

    const globex = { ...APP, tenant: 'globex' };
    const globexAdmin = origin('key-admin', 'admin', 'globex');
    await g.policies.publish({ policies: GOVERNANCE_TEST_POLICIES, description: 'globex' }, globexAdmin);
    // Tools are per tenant: globex registers its own search.web, whose window is its own.
    await g.tools.register(appReadTool('search.web', LIMIT), globexAdmin);
    const other = await g.startRun({}, 'globex');
    expect((await search(g.toolCalls, other, globex)).outcome).toBe('granted');
  });

  it('given the limit used up, when refused calls keep coming, then they do not use it; once the window passes calls are allowed again', async () => {
    const runId = await g.startRun();
    await search(g.toolCalls, runId);
    await search(g.toolCalls, runId);
    g.clock.advance(600);
    expect((await search(g.toolCalls, runId)).outcome).toBe('denied');
    g.clock.advance(401);
    expect(outcomes([await search(g.toolCalls, runId)])).toEqual(['granted']);
    expect(outcomes([await search(g.toolCalls, runId)])).toEqual(['granted']);
    expect(outcomes([await search(g.toolCalls, runId)])).toEqual(['TOOL_RATE_LIMITED']);
  });

  it('given 12 concurrent calls over 6 runs, then exactly 2 are let through', async () => {
    const runs = await Promise.all(Array.from({ length: 6 }, () => g.startRun()));
    const results = await Promise.all([...runs, ...runs].map((runId) => search(g.toolCalls, runId)));
    expect(outcomes(results).filter((outcome) => outcome === 'granted')).toHaveLength(2);
    expect(outcomes(results).filter((outcome) => outcome === 'TOOL_RATE_LIMITED')).toHaveLength(10);
  });

  it('given another process sharing the ledger, and a restarted one, then both count the calls already recorded', async () => {
    const runId = await g.startRun();
    await search(g.toolCalls, runId);
    const secondLog = openSqliteEventLog(join(g.dir, 'ledger.db'));
    try {
      const second = new ToolCallService({ ...g.deps, log: secondLog, riskScorer: CONSTANT_RISK_SCORER });
      expect((await search(second, await g.startRun())).outcome).toBe('granted');
      expect(outcomes([await search(g.toolCalls, runId)])).toEqual(['TOOL_RATE_LIMITED']);
      const restarted = new ToolCallService({ ...g.deps, riskScorer: CONSTANT_RISK_SCORER });
      expect(outcomes([await search(restarted, runId)])).toEqual(['TOOL_RATE_LIMITED']);
      g.clock.advance(1_001);
      expect(outcomes([await search(second, runId)])).toEqual(['granted']);
    } finally {
      await secondLog.close();
    }
  });
});
