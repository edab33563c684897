import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { Digester } from '../toolCalls/ports.js';
import type { CommandContext } from './runCommands.js';
import { foldRun, toRunHistoryEvent } from './runFold.js';
import { decideRun, evolveRun, initialRunState, requireText } from './runDecider.js';
import type { RunState } from './runDecider.js';
import { RunError } from './runErrors.js';
import type { RunBudget, RunEvent, RunForkOrigin } from './runEvents.js';
import { runStateDigest } from './runStateDigest.js';

/** Start `runId` as a fork of `sourceRunId` right after its step `atStep`. */
export interface ForkRun {
  readonly type: 'ForkRun';
  /** The new run's id (derived from the idempotency key when there is one, as a start's is). */
  readonly runId: string;
  readonly sourceRunId: string;
  readonly atStep: number;
  readonly reason: string;
  /** The fork's own limits; absent: the source's limits at the fork point. */
  readonly budget?: RunBudget;
}

/** The source run at the fork point: the event that completed the step, and its state folded up to it. */
export interface ForkPoint {
  readonly position: number;
  readonly state: RunState;
}

/**
 * Where `source` (every event of the source run's stream, in order) stood right after step `atStep`: the event
 * that completed that step (its `StepRecorded`; its `RunStarted` for the first step the stream has, 0 unless the
 * source is itself a fork) and the state folded up to and including it.
 *
 * Errors: RUN_NOT_FOUND when the source has no run of `tenant` (another tenant's run looks missing);
 * RUN_STEP_OUT_OF_RANGE (runId, atStep, firstStep, steps) unless `firstStep <= atStep <= steps`. Pure.
 */
export function forkPoint(
  sourceRunId: string,
  source: readonly RecordedEvent[],
  atStep: number,
  tenant: string,
): ForkPoint {
  const current = foldRun(source);
  if (current.status === null || current.tenant !== tenant)
    throw new RunError('RUN_NOT_FOUND', `run ${sourceRunId} not found`, { runId: sourceRunId });
  const { baseStep: firstStep, steps } = current;
  if (!Number.isSafeInteger(atStep) || atStep < firstStep || atStep > steps)
    throw new RunError(
      'RUN_STEP_OUT_OF_RANGE',
      `run ${sourceRunId} has steps ${firstStep} to ${steps}; there is no step ${atStep} to fork at`,
      { runId: sourceRunId, atStep: Number.isFinite(atStep) ? atStep : String(atStep), firstStep, steps },
    );
  let state = initialRunState;
  for (const event of source) {
    state = evolveRun(state, toRunHistoryEvent(event));
    const completes = event.type === 'StepRecorded' || event.type === 'RunStarted';
    if (completes && state.steps === atStep) return { position: event.position, state };
  }
  // Unreachable: the range check above found the step in this same stream.
  throw new Error(`run ${sourceRunId}: step ${atStep} counted but not recorded`);
}

/**
 * Decides a fork: the fork's first and only event, a `RunStarted` of `command.runId` with the source's goal,
 * agent and input, `command.budget` (default: the source's limits) and `forkedFrom` naming the source, the fork
 * point (position and step), the digest of the source's state there, the reason, who forked and the memory
 * applied by then. `fork` is the fork's own stream folded (RUN_ALREADY_EXISTS unless empty). Errors of
 * `forkPoint`, then RUN_INVALID_COMMAND for an empty reason or a bad budget (as a start's). Pure.
 */
export function decideFork(
  command: ForkRun,
  source: readonly RecordedEvent[],
  fork: RunState,
  context: CommandContext,
  digester: Digester,
): RunEvent[] {
  const point = forkPoint(command.sourceRunId, source, command.atStep, context.tenant);
  const reason = requireText('reason', command.reason);
  const { goal, agent, input, budget, memories } = point.state;
  const start = { type: 'StartRun', runId: command.runId, goal, agent, input } as const;
  const [started] = decideRun({ ...start, budget: command.budget ?? budget }, fork, context);
  if (started?.type !== 'RunStarted') throw new Error('a start decides RunStarted');
  const forkedFrom: RunForkOrigin = {
    runId: command.sourceRunId,
    position: point.position,
    step: command.atStep,
    stateDigest: runStateDigest(point.state, digester),
    reason,
    forkedBy: context.principal,
    memoryApplied: [...memories.values()],
  };
  return [{ type: 'RunStarted', data: { ...started.data, forkedFrom } }];
}
