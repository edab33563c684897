import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { TASK_ABANDONED, TASK_CANCELLED, claimTask, newTaskControl, wasAbandoned } from './taskControl.js';
import { TaskDeadline } from './taskDeadline.js';

describe('TaskDeadline', () => {
  it('cancels a task no worker has claimed, and aborts it in piscina', async () => {
    const control = newTaskControl();
    let expired = 0;
    let aborted = 0;
    const deadline = new TaskDeadline(5, control, () => expired++);
    deadline.addEventListener('abort', () => aborted++);

    await delay(20);

    expect({ expired, aborted, outcome: deadline.outcome, aborted_: deadline.aborted }).toEqual({
      expired: 1,
      aborted: 1,
      outcome: 'not-started',
      aborted_: true,
    });
    expect(Atomics.load(control, 0)).toBe(TASK_CANCELLED);
    expect(claimTask(control)).toBe(false);
  });

  it('abandons a started task without aborting it: its worker must leave ONNX Runtime first', async () => {
    const control = newTaskControl();
    expect(claimTask(control)).toBe(true);
    let aborted = 0;
    const deadline = new TaskDeadline(5, control, () => undefined);
    deadline.addEventListener('abort', () => aborted++);

    await delay(20);

    expect({ aborted, outcome: deadline.outcome }).toEqual({ aborted: 0, outcome: 'started' });
    expect(Atomics.load(control, 0)).toBe(TASK_ABANDONED);
    expect(wasAbandoned(control)).toBe(true);
  });

  it('does nothing once cleared', async () => {
    const control = newTaskControl();
    let expired = 0;
    new TaskDeadline(5, control, () => expired++).clear();

    await delay(20);

    expect(expired).toBe(0);
    expect(claimTask(control)).toBe(true);
  });
});
