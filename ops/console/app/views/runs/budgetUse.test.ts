import { describe, expect, it } from 'vitest';
import { budgetLines, budgetShare } from './budgetUse.js';
import type { RunSummary } from './runFields.js';

const RUN: RunSummary = {
  id: 'r1',
  goal: 'g',
  agent: 'a',
  status: 'running',
  startedAt: '2026-12-03T10:00:00.000Z',
  updatedAt: '2026-12-03T10:00:05.000Z',
  endedAt: null,
  stepCount: 3,
  toolCalls: 2,
  inferenceCalls: 0,
  pendingApprovals: 1,
  lastPosition: 9,
  budget: { maxSteps: 10, maxToolCalls: 2, maxInferenceCalls: null, maxWallTimeMs: 60_000 },
};

describe('budgetLines', () => {
  it('given a running run, then each budget shows its use against its limit, wall time up to now', () => {
    const now = Date.parse('2026-12-03T10:00:30.000Z');
    expect(budgetLines(RUN, now)).toEqual([
      { name: 'steps', used: 3, limit: 10, unit: 'count' },
      { name: 'tool calls', used: 2, limit: 2, unit: 'count' },
      { name: 'inference calls', used: 0, limit: null, unit: 'count' },
      { name: 'wall time', used: 30_000, limit: 60_000, unit: 'ms' },
    ]);
  });

  it('given an ended run, then its wall time stops at its end, however late it is read', () => {
    const ended = { ...RUN, endedAt: '2026-12-03T10:00:12.000Z' };
    const line = budgetLines(ended, Date.parse('2026-12-04T00:00:00.000Z'))[3];
    expect(line?.used).toBe(12_000);
  });
});

describe('budgetShare', () => {
  it('given use under, at and over the limit, then the share is the fraction, capped at 1', () => {
    expect(budgetShare({ name: 'steps', used: 3, limit: 10, unit: 'count' })).toBeCloseTo(0.3);
    expect(budgetShare({ name: 'steps', used: 10, limit: 10, unit: 'count' })).toBe(1);
    expect(budgetShare({ name: 'steps', used: 12, limit: 10, unit: 'count' })).toBe(1);
  });

  it('given no limit, then there is no share', () => {
    expect(budgetShare({ name: 'steps', used: 3, limit: null, unit: 'count' })).toBeNull();
  });
});
