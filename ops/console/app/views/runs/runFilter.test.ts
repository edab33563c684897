import { describe, expect, it } from 'vitest';
import type { RunSummary } from './runFields.js';
import { appendPage, applyRunUpdate, matchesFilter } from './runFilter.js';

function run(id: string, overrides: Partial<RunSummary> = {}): RunSummary {
  return {
    id,
    goal: `Pay invoice ${id}`,
    agent: 'billing-agent',
    status: 'running',
    startedAt: '2026-12-03T10:00:00.000Z',
    updatedAt: '2026-12-03T10:00:00.000Z',
    endedAt: null,
    stepCount: 0,
    toolCalls: 0,
    inferenceCalls: 0,
    pendingApprovals: 0,
    lastPosition: 1,
    budget: { maxSteps: null, maxToolCalls: null, maxInferenceCalls: null, maxWallTimeMs: null },
    ...overrides,
  };
}

const ALL = { status: null, text: '' } as const;

describe('matchesFilter', () => {
  it('given no filter, then every run matches', () => {
    expect(matchesFilter(run('r1'), ALL)).toBe(true);
  });

  it('given a status, then only runs in that status match', () => {
    expect(matchesFilter(run('r1'), { status: 'running', text: '' })).toBe(true);
    expect(matchesFilter(run('r1'), { status: 'completed', text: '' })).toBe(false);
  });

  it('given a search text, then it matches goal, agent or id, ignoring case and surrounding spaces', () => {
    expect(matchesFilter(run('r1'), { status: null, text: ' INVOICE ' })).toBe(true);
    expect(matchesFilter(run('r1'), { status: null, text: 'Billing' })).toBe(true);
    expect(matchesFilter(run('abc-123'), { status: null, text: 'c-12' })).toBe(true);
    expect(matchesFilter(run('r1'), { status: null, text: 'refund' })).toBe(false);
  });
});

describe('applyRunUpdate', () => {
  it('given an update of a shown run, then its row is replaced in place', () => {
    const rows = [run('r2'), run('r1')];
    const updated = applyRunUpdate(rows, run('r1', { status: 'completed', lastPosition: 5 }), ALL);
    expect(updated.map((row) => [row.id, row.status])).toEqual([
      ['r2', 'running'],
      ['r1', 'completed'],
    ]);
  });

  it('given an update older than the row (read later by Load more), then the row keeps its later state', () => {
    const rows = [run('r1', { status: 'completed', lastPosition: 9 })];
    expect(applyRunUpdate(rows, run('r1', { status: 'running', lastPosition: 7 }), ALL)).toBe(rows);
  });

  it('given a shown run that leaves the filtered status, then it stays, showing its new status', () => {
    const rows = [run('r1')];
    const updated = applyRunUpdate(rows, run('r1', { status: 'failed' }), { status: 'running', text: '' });
    expect(updated.map((row) => row.status)).toEqual(['failed']);
  });

  it('given a new run that matches the filter, then it is added at the top', () => {
    const updated = applyRunUpdate([run('r1')], run('r2'), ALL);
    expect(updated.map((row) => row.id)).toEqual(['r2', 'r1']);
  });

  it('given a new run that does not match, then the list is unchanged', () => {
    const rows = [run('r1')];
    expect(
      applyRunUpdate(rows, run('r2', { goal: 'Other', agent: 'x' }), { status: null, text: 'invoice' }),
    ).toBe(rows);
  });
});

describe('appendPage', () => {
  it('given a page holding a run already added live, then it is not shown twice', () => {
    const rows = appendPage([run('r9'), run('r5')], [run('r5'), run('r4')]);
    expect(rows.map((row) => row.id)).toEqual(['r9', 'r5', 'r4']);
  });
});
