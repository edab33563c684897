import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import { foldRun } from '../runs/runFold.js';
import { rollbackHistoryOf } from './rollbackHistory.js';
import { isEmptyPlan, planRollback } from './rollbackPlanner.js';

/** A run stream, one event per global position 10, 20, 30, … (positions interleave with other streams). */
function given(...events: readonly [type: string, data: object][]): RecordedEvent[] {
  return events.map(([type, data], revision) => ({
    id: `e${revision}`,
    stream: 'run-r1',
    revision,
    position: (revision + 1) * 10,
    type,
    schemaVersion: 1,
    data: data as JsonValue,
    meta: {
      tenant: 't1',
      actor: { kind: 'user', id: 'k1' },
      correlationId: 'c',
      causationId: 'c',
      occurredAt: '2026-01-01T00:00:00.000Z',
    },
    prevHash: '',
    hash: '',
  }));
}

const step = (n: number): [string, object] => ['StepRecorded', { stepNumber: n, kind: 'k', summary: 's' }];
const requested = (
  callId: string,
  name: string,
  sideEffect: string,
  extra: object = {},
): [string, object] => [
  'ToolCallRequested',
  { callId, tool: { name, version: '1', sideEffect, execution: 'runtime' }, args: {}, ...extra },
];
const restore = (key: string) => ({ tool: 'kv.restore', version: '1', args: { key } });
const completed = (
  callId: string,
  compensation: object | null,
  problem: string | null = null,
): [string, object] => [
  'ToolCallCompleted',
  { callId, output: {}, compensation, compensationProblem: problem },
];
const applied = (memoryId: string): [string, object] => ['MemoryApplied', { memoryId, memoryRevision: 1 }];

describe('rollback planner', () => {
  const run = given(
    ['RunStarted', { runId: 'r1' }], // 10
    step(1), // 20
    requested('a', 'kv.put', 'reversible'), // 30
    completed('a', restore('a')), // 40
    step(2), // 50
    requested('b', 'kv.put', 'reversible'), // 60
    completed('b', restore('b')), // 70
    requested('h', 'http.post', 'irreversible'), // 80
    completed('h', null), // 90
    requested('g', 'kv.get', 'read'), // 100
    completed('g', null), // 110
    applied('m1'), // 120
    requested('c', 'kv.put', 'reversible'), // 130
    completed('c', restore('c')), // 140
    requested('u', 'kv.put', 'reversible'), // 150
    completed('u', null, 'compensation arg previous: /output/previous selects nothing'), // 160
    requested('f', 'kv.put', 'reversible'), // 170
    ['ToolCallFailed', { callId: 'f', reason: 'TOOL_FAILED' }], // 180
    applied('m2'), // 190
  );

  it('given a run with calls after step 2, when planned to step 2, then reversible calls are compensated latest first', () => {
    const plan = planRollback(rollbackHistoryOf(foldRun(run)), { step: 2 });
    expect(plan.pointPosition).toBe(50);
    expect(plan.compensations.map((c) => [c.callId, c.compensation.args])).toEqual([
      ['c', { key: 'c' }],
      ['b', { key: 'b' }],
    ]);
  });

  it('given irreversible and unresolvable calls after the point, then both are listed, never skipped', () => {
    const plan = planRollback(rollbackHistoryOf(foldRun(run)), { step: 2 });
    expect(plan.leftBehind).toEqual([
      {
        callId: 'u',
        tool: { name: 'kv.put', version: '1' },
        position: 150,
        why: 'unresolved',
        problem: 'compensation arg previous: /output/previous selects nothing',
      },
      {
        callId: 'h',
        tool: { name: 'http.post', version: '1' },
        position: 80,
        why: 'irreversible',
        problem: null,
      },
    ]);
  });

  it('given read-only and failed calls after the point, then they need nothing', () => {
    const plan = planRollback(rollbackHistoryOf(foldRun(run)), { step: 2 });
    const named = [...plan.compensations, ...plan.leftBehind].map((c) => c.callId);
    expect(named).not.toContain('g');
    expect(named).not.toContain('f');
  });

  it('given memories applied after the point, then they are un-applied latest first', () => {
    const plan = planRollback(rollbackHistoryOf(foldRun(run)), { step: 2 });
    expect(plan.unapply).toEqual([
      { memoryId: 'm2', memoryRevision: 1, position: 190 },
      { memoryId: 'm1', memoryRevision: 1, position: 120 },
    ]);
  });

  it('given a position point, then only what was recorded after that event is planned', () => {
    const plan = planRollback(rollbackHistoryOf(foldRun(run)), { position: 120 });
    expect(plan.compensations.map((c) => c.callId)).toEqual(['c']);
    expect(plan.unapply.map((m) => m.memoryId)).toEqual(['m2']);
    expect(plan.leftBehind.map((c) => c.callId)).toEqual(['u']);
  });

  it('given the point is the last event, then the plan is empty (a no-op, not an error)', () => {
    const plan = planRollback(rollbackHistoryOf(foldRun(run)), { position: 190 });
    expect(isEmptyPlan(plan)).toBe(true);
  });

  it('given a step never recorded, then ROLLBACK_POINT_NOT_FOUND names the point, last step and last position', () => {
    expect(() => planRollback(rollbackHistoryOf(foldRun(run)), { step: 7 })).toThrow(
      expect.objectContaining({
        code: 'ROLLBACK_POINT_NOT_FOUND',
        details: { step: 7, lastStep: 2, lastPosition: 190 },
      }),
    );
  });

  it('given a position of no event of the run, then ROLLBACK_POINT_NOT_FOUND', () => {
    expect(() => planRollback(rollbackHistoryOf(foldRun(run)), { position: 55 })).toThrow(
      expect.objectContaining({
        code: 'ROLLBACK_POINT_NOT_FOUND',
        details: expect.objectContaining({ position: 55 }) as unknown,
      }),
    );
  });

  it('given an earlier rollback compensated a call, then neither the call nor its compensation is planned again', () => {
    const history = given(
      ...run.map((e): [string, object] => [e.type, e.data as object]),
      requested('x', 'kv.restore', 'reversible', { compensates: { rollbackId: 'rb1', callId: 'c' } }), // 200
      completed('x', restore('c')), // 210
    );
    const plan = planRollback(rollbackHistoryOf(foldRun(history)), { step: 2 });
    expect(plan.compensations.map((c) => c.callId)).toEqual(['b']);
  });

  it('given an earlier compensation of a call interrupted (requested, no outcome), then it is listed interrupted, never run again', () => {
    const history = given(
      ...run.map((e): [string, object] => [e.type, e.data as object]),
      requested('x', 'kv.restore', 'reversible', { compensates: { rollbackId: 'rb1', callId: 'c' } }), // 200
      ['RunRollbackFailed', { rollbackId: 'rb1' }],
    );
    const plan = planRollback(rollbackHistoryOf(foldRun(history)), { step: 2 });
    expect(plan.compensations.map((c) => c.callId)).toEqual(['b']);
    expect(plan.leftBehind.find((call) => call.callId === 'c')).toEqual({
      callId: 'c',
      tool: { name: 'kv.put', version: '1' },
      position: 130,
      why: 'interrupted',
      problem: 'x',
    });
  });

  it('given an earlier compensation that failed, then the call is planned again (nothing took effect)', () => {
    const history = given(
      ...run.map((e): [string, object] => [e.type, e.data as object]),
      requested('x', 'kv.restore', 'reversible', { compensates: { rollbackId: 'rb1', callId: 'c' } }),
      ['ToolCallFailed', { callId: 'x', reason: 'TOOL_FAILED' }],
    );
    expect(
      planRollback(rollbackHistoryOf(foldRun(history)), { step: 2 }).compensations.map((c) => c.callId),
    ).toEqual(['c', 'b']);
  });

  it('given memory un-applied by an earlier rollback, then it is not planned again', () => {
    const history = given(...run.map((e): [string, object] => [e.type, e.data as object]), [
      'MemoryUnapplied',
      { rollbackId: 'rb1', memoryId: 'm2', memoryRevision: 1 },
    ]);
    expect(
      planRollback(rollbackHistoryOf(foldRun(history)), { step: 2 }).unapply.map((m) => m.memoryId),
    ).toEqual(['m1']);
  });

  it('given a rollback started and not ended, then the history shows it in progress; once ended, not', () => {
    const started = given(step(1), ['RollbackStarted', { rollbackId: 'rb1' }]);
    expect(rollbackHistoryOf(foldRun(started)).inProgress).toMatchObject({ rollbackId: 'rb1' });
    const ended = given(
      step(1),
      ['RollbackStarted', { rollbackId: 'rb1' }],
      ['RunRolledBack', { rollbackId: 'rb1' }],
    );
    expect(rollbackHistoryOf(foldRun(ended)).inProgress).toBeNull();
  });
});
