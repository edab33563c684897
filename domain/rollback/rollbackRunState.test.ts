import { describe, expect, it } from 'vitest';
import type { CommandContext } from '../runs/runCommands.js';
import { decideRun, evolveRun, initialRunState } from '../runs/runDecider.js';
import type { RunState } from '../runs/runDecider.js';
import type { RunEvent } from '../runs/runEvents.js';

const T0 = Date.UTC(2026, 10, 23, 12);
const context: CommandContext = { principal: 'key-app', tenant: 'acme', now: T0 };

function given(events: readonly object[]): RunState {
  return events.reduce<RunState>(
    (state, event, revision) =>
      evolveRun(state, {
        ...(event as RunEvent),
        revision,
        tenant: 'acme',
        occurredAt: T0 + revision * 1000,
      }),
    initialRunState,
  );
}

const started = {
  type: 'RunStarted',
  data: { runId: 'r1', goal: 'g', agent: 'a', input: null, budget: {} },
};
const step = { type: 'StepRecorded', data: { stepNumber: 1, kind: 'k', summary: 's', payload: null } };
const rollbackStarted = { type: 'RollbackStarted', data: { rollbackId: 'rb1' } };
const compensation = { type: 'ToolCallRequested', data: { callId: 'x' } };
const step2 = { type: 'StepRecorded', data: { stepNumber: 2, kind: 'k', summary: 's', payload: null } };

describe('run state through a rollback', () => {
  it('given a rollback started, then the run is rolling back and takes no new work (RUN_NOT_ACTIVE)', () => {
    const state = given([started, step, rollbackStarted]);
    expect(state.rollingBack).toBe('rb1');
    const command = { type: 'RecordStep', runId: 'r1', kind: 'k', summary: 's', payload: null } as const;
    expect(() => decideRun(command, state, context)).toThrow(
      expect.objectContaining({
        code: 'RUN_NOT_ACTIVE',
        details: expect.objectContaining({ status: 'rolling_back' }) as unknown,
      }),
    );
  });

  it('given a completed run rolling back, when a compensation is requested, then it stays completed until the end', () => {
    const completed = { type: 'RunCompleted', data: { output: null } };
    const state = given([started, step, completed, rollbackStarted, compensation]);
    expect(state.status).toBe('completed');
    expect(state.toolCalls).toBe(1);
  });

  it('when the rollback ends RunRolledBack, then rolled_back, ended, and no new work is taken', () => {
    const state = given([
      started,
      step,
      rollbackStarted,
      { type: 'RunRolledBack', data: { rollbackId: 'rb1' } },
    ]);
    expect(state).toMatchObject({ status: 'rolled_back', rollingBack: null, endedAt: T0 + 3000 });
    const command = { type: 'RecordStep', runId: 'r1', kind: 'k', summary: 's', payload: null } as const;
    expect(() => decideRun(command, state, context)).toThrow(
      expect.objectContaining({
        code: 'RUN_NOT_ACTIVE',
        details: expect.objectContaining({ status: 'rolled_back' }) as unknown,
      }),
    );
  });

  it('when the rollback ends RunRollbackFailed, then rollback_failed', () => {
    const state = given([
      started,
      step2,
      rollbackStarted,
      { type: 'RunRollbackFailed', data: { rollbackId: 'rb1' } },
    ]);
    expect(state).toMatchObject({ status: 'rollback_failed', rollingBack: null, steps: 2 });
  });
});
