import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { APP, openGovernance } from './governanceFixture.js';
import type { Governance } from './governanceFixture.js';

// Commands on one run from every writer of run streams (tool calls, steps) share one per-run queue in a process:
// they queue behind each other instead of failing on each other's appends.

let g: Governance;
beforeEach(async () => {
  g = await openGovernance();
});
afterEach(() => g.dispose());

const put = (runId: string, index: number) =>
  g.toolCalls.invokeTool(
    { runId, tool: 'kv.put', version: '2', args: { key: `k${index}`, value: index } },
    APP,
  );

describe('concurrent commands on one run', () => {
  it('given 25 concurrent tool calls and 5 steps on one run, then every one gets its answer and none a conflict', async () => {
    const runId = await g.startRun({ maxToolCalls: 100 });
    const calls = Array.from({ length: 25 }, (_, index) =>
      index % 5 === 4
        ? g.toolCalls.invokeTool({ runId, tool: 'kv.put', version: '2', args: { key: 1 } }, APP)
        : put(runId, index),
    );
    const steps = Array.from({ length: 5 }, (_, index) =>
      g.runs.execute({ type: 'RecordStep', runId, kind: 'k', summary: `s${index}`, payload: null }, APP),
    );
    const results = await Promise.allSettled([...calls, ...steps]);
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    const outcomes = (await Promise.all(calls)).map((result) => result.outcome);
    expect(outcomes.filter((outcome) => outcome === 'completed')).toHaveLength(20);
    expect(outcomes.filter((outcome) => outcome === 'denied')).toHaveLength(5);
    const events = await g.stream(runId);
    expect(events.map((event) => event.revision)).toEqual(events.map((_, index) => index));
    expect(events.filter((event) => event.type === 'ToolCallRequested')).toHaveLength(25);
    expect(events.filter((event) => event.type === 'StepRecorded')).toHaveLength(6);
    expect(g.store.get('acme', 'k0')).toEqual({ value: 0 });
  });

  it('given a budget of 20 tool calls, when 25 race, then 20 complete, one is budget-refused and ends the run, the rest meet the ended run; no conflict', async () => {
    const runId = await g.startRun({ maxToolCalls: 20 });
    const results = await Promise.allSettled(Array.from({ length: 25 }, (_, index) => put(runId, index)));
    const answers = results.map((result) =>
      result.status === 'fulfilled'
        ? `${result.value.outcome}${'reason' in result.value ? `:${result.value.reason}` : ''}`
        : `error:${(result.reason as { code: string }).code}`,
    );
    expect(answers.filter((answer) => answer === 'completed')).toHaveLength(20);
    expect(answers.filter((answer) => answer === 'denied:RUN_BUDGET_EXCEEDED')).toHaveLength(1);
    expect(answers.filter((answer) => answer === 'error:RUN_NOT_ACTIVE')).toHaveLength(4);
    const events = await g.stream(runId);
    // Calls allowed before the end still record their outcomes after it: the tool ran.
    expect(events.find((event) => event.type === 'RunFailed')).toMatchObject({
      type: 'RunFailed',
      data: { budgetExceeded: { budget: 'toolCalls' } },
    });
  });
});
