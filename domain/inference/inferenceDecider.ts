import type { CommandContext } from '../runs/runCommands.js';
import type { RunState } from '../runs/runDecider.js';
import { requireActiveRun, requireWithinWallTime } from '../runs/runDecider.js';
import { RunError } from '../runs/runErrors.js';
import type { InferenceEvent, InferenceRequestedData } from './inferenceEvents.js';

/**
 * Decides whether the run in `state` may make the inference request `request`: the run exists for this tenant,
 * is active (a cancelled, failed or completed run accepts none), and is within its inference-call and wall-time
 * budgets. Pure.
 */
export function decideInferenceRequest(
  runId: string,
  state: RunState,
  context: CommandContext,
  request: InferenceRequestedData,
): InferenceEvent[] {
  requireActiveRun(runId, 'RequestInference', state, context);
  const limit = state.budget.maxInferenceCalls;
  if (limit !== undefined && state.inferenceCalls >= limit) {
    throw new RunError('RUN_BUDGET_EXCEEDED', `run ${runId} has used its ${limit} inference calls`, {
      runId,
      budget: 'inferenceCalls',
      limit,
      actual: state.inferenceCalls + 1,
    });
  }
  requireWithinWallTime(runId, state, context);
  return [{ type: 'InferenceRequested', data: request }];
}
