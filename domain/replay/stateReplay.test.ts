import { describe, expect, it } from 'vitest';
import { compareRunProjection, replayRunStates } from './stateReplay.js';
import type { RunFacts } from './stateReplay.js';
import { runHistory, STARTED, step } from './testing/runHistory.js';

describe('replayRunStates', () => {
  it('given consecutive steps, then every step is checked, none is listed, and the state is the fold', () => {
    const events = runHistory('r1', [
      STARTED,
      step(1),
      step(2),
      { type: 'RunCompleted', data: { output: 7 } },
    ]);

    const replayed = replayRunStates(events);

    expect(replayed.stepsChecked).toBe(2);
    expect(replayed.items).toEqual([]);
    expect(replayed.state).toMatchObject({ status: 'completed', steps: 2, output: 7, revision: 3 });
  });

  it('given a step that skips a number, then it is a mismatch naming its event and both numbers', () => {
    const events = runHistory('r1', [STARTED, step(1), step(3)]);

    const replayed = replayRunStates(events);

    expect(replayed.items).toEqual([
      expect.objectContaining({
        check: 'state',
        eventId: 'e2',
        subject: 'stepNumber',
        match: false,
        expected: 2,
        actual: 3,
      }),
    ]);
  });

  it('given a replayed run, then RunReplayed moves the revision and position only (not status or counters)', () => {
    const before = replayRunStates(runHistory('r1', [STARTED, step(1)])).state;
    const replayed = { type: 'RunReplayed', data: { verdict: 'match' } };

    const after = replayRunStates(runHistory('r1', [STARTED, step(1), replayed])).state;

    const { positions: _before, lastPosition: _at, ...facts } = before;
    expect(after).toMatchObject({ ...facts, revision: 2 });
    expect(after.lastPosition).toBeGreaterThan(before.lastPosition!);
    expect(after.positions.size).toBe(before.positions.size + 1);
  });
});

describe('compareRunProjection', () => {
  const ledger: RunFacts = {
    fields: { status: 'running', stepCount: 2, budget: { maxSteps: 3 } },
    steps: [
      { stepNumber: 1, eventId: 'e1' },
      { stepNumber: 2, eventId: 'e2' },
    ],
  };

  it('given the same run on both sides, then every field and the timeline match', () => {
    const items = compareRunProjection('e2', ledger, { ...ledger, fields: { ...ledger.fields } });

    expect(items.map((item) => [item.subject, item.match])).toEqual([
      ['projection.status', true],
      ['projection.stepCount', true],
      ['projection.budget', true],
      ['projection.steps', true],
    ]);
  });

  it('given a read model that disagrees, then each differing field names both values', () => {
    const projected: RunFacts = {
      fields: { ...ledger.fields, status: 'completed' },
      steps: [{ stepNumber: 1, eventId: 'e1' }],
    };

    const items = compareRunProjection('e2', ledger, projected).filter((item) => !item.match);

    expect(items).toEqual([
      expect.objectContaining({
        subject: 'projection.status',
        expected: 'running',
        actual: 'completed',
        eventId: 'e2',
      }),
      expect.objectContaining({
        subject: 'projection.steps',
        expected: 2,
        actual: 1,
        note: 'timeline differs at index 1: ledger step 2 (event e2), read model nothing',
      }),
    ]);
  });

  it('given no row in the read model, then one mismatch says so', () => {
    expect(compareRunProjection('e2', ledger, null)).toEqual([
      expect.objectContaining({ subject: 'projection.run', match: false, expected: 'present', actual: null }),
    ]);
  });
});
