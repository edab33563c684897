import { describe, expect, it } from 'vitest';
import { describeAnswer, leftBehindLines } from './actionAnswers.js';

describe('describeAnswer', () => {
  it('given a cancelled run, then it took effect and says the new status', () => {
    const view = describeAnswer({
      __typename: 'RunCommandPayload',
      replayed: false,
      run: { id: 'r1', status: 'cancelled' },
    });
    expect(view).toEqual({ ok: true, headline: 'Run r1 is cancelled', details: [] });
  });

  it('given a replayed idempotent answer, then it says the action was already done', () => {
    const view = describeAnswer({
      __typename: 'RunCommandPayload',
      replayed: true,
      run: { id: 'r1', status: 'cancelled' },
    });
    expect(view.headline).toContain('already done');
  });

  it('given a typed error, then nothing took effect and the values that disagree are named', () => {
    const view = describeAnswer({
      __typename: 'RunStepOutOfRangeError',
      code: 'RUN_STEP_OUT_OF_RANGE',
      message: 'run r1 has no step 9',
      atStep: 9,
      firstStep: 0,
      steps: 3,
    });
    expect(view.ok).toBe(false);
    expect(view.headline).toBe('run r1 has no step 9 (RUN_STEP_OUT_OF_RANGE)');
    expect(view.details).toEqual(["Step 9 asked; the run's steps run from 0 to 3."]);
  });

  it('given a run that already ended, then the error says its status', () => {
    const view = describeAnswer({
      __typename: 'RunNotActiveError',
      code: 'RUN_NOT_ACTIVE',
      message: 'run r1 is completed',
      status: 'completed',
    });
    expect(view.details).toEqual(['The run is completed.']);
  });

  it('given a rollback pending approval, then the approval id and its policies are shown', () => {
    const view = describeAnswer({
      __typename: 'RollbackPendingApproval',
      approvalId: 'ap-1',
      rollbackId: 'rb-1',
      determiningPolicies: ['rollback-needs-review'],
      expiresAt: '2026-12-03T12:00:00.000Z',
    });
    expect(view.ok).toBe(true);
    expect(view.headline).toBe('Rollback awaits approval ap-1');
    expect(view.details[0]).toBe('Determining policies: rollback-needs-review');
  });

  it('given a rollback that failed to compensate a call, then it is not ok and the failure is listed', () => {
    const view = describeAnswer({
      __typename: 'RollbackEnded',
      status: 'rollback_failed',
      pointPosition: 12,
      compensated: [],
      failed: [{ callId: 'c1', outcome: 'denied', message: 'policy said no' }],
      unapplied: [{ memoryId: 'm1' }],
      leftBehind: [],
    });
    expect(view.ok).toBe(false);
    expect(view.headline).toBe('Run rollback_failed to position 12');
    expect(view.details).toEqual([
      '0 call(s) compensated, 1 memory application(s) undone',
      'Compensation of c1 denied: policy said no',
    ]);
  });

  it('given a replay with mismatches, then it is not ok', () => {
    const view = describeAnswer({
      __typename: 'RunReplay',
      verdict: 'mismatch',
      throughRevision: 7,
      replayed: false,
      omittedItems: 2,
    });
    expect(view).toEqual({
      ok: false,
      headline: 'Replay found mismatches through revision 7',
      details: ['2 matching item(s) left out'],
    });
  });

  it('given a member this console does not know, then it says so rather than claiming success', () => {
    expect(describeAnswer({ __typename: 'SomethingNew' })).toEqual({
      ok: false,
      headline: 'Unexpected answer SomethingNew',
      details: [],
    });
  });
});

describe('leftBehindLines', () => {
  it('given an irreversible call and an unresolved one, then each is listed with why', () => {
    expect(
      leftBehindLines([
        {
          callId: 'c1',
          tool: 'payments.send',
          version: '1',
          why: 'irreversible',
          problem: null,
          requestedAt: 5,
        },
        {
          callId: 'c2',
          tool: 'crm.update',
          version: '2',
          why: 'unresolved',
          problem: 'no id in output',
          requestedAt: 9,
        },
      ]),
    ).toEqual([
      'payments.send@1 (call c1, requested at position 5): irreversible',
      'crm.update@2 (call c2, requested at position 9): unresolved (no id in output)',
    ]);
  });
});
