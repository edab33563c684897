import type { CommandContext } from '../runs/runCommands.js';
import type { RunState } from '../runs/runDecider.js';
import { budgetEnd, budgetOverrun } from '../runs/runBudget.js';
import { requireActiveRun } from '../runs/runDecider.js';
import type { RunEvent } from '../runs/runEvents.js';
import type { InferenceRequestedData } from './inferenceEvents.js';

/**
 * Decides whether the run in `state` may make the inference request `request`: the run exists for this tenant
 * and is active (a cancelled, failed or completed run accepts none: typed `RunError`, nothing recorded). A request
 * that would overrun the run's inference-call or wall-time budget is refused and ends the run: the decision is then
 * the run's `RunFailed` (with `budgetExceeded`) instead of `InferenceRequested`. Pure.
 */
export function decideInferenceRequest(
  runId: string,
  state: RunState,
  context: CommandContext,
  request: InferenceRequestedData,
): RunEvent[] {
  requireActiveRun(runId, 'RequestInference', state, context);
  const overrun = budgetOverrun(state, 'inferenceCalls', context.now);
  if (overrun !== null) return [budgetEnd(runId, { ...overrun, command: 'RequestInference' })];
  return [{ type: 'InferenceRequested', data: request }];
}
