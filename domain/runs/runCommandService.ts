import { idempotencyConflict } from '../errors/ledgerErrors.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { differingArguments } from '../events/differingArguments.js';
import { keyedCommand, keyedId } from '../commands/commandKeys.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { RunCommand } from './runCommands.js';
import { budgetExceededBy, budgetRefusal } from './runBudget.js';
import { decideRun } from './runDecider.js';
import type { RunState } from './runDecider.js';
import { RunStreamWriter } from './runStreamWriter.js';

export interface RunCommandResult {
  readonly state: RunState;
  /** The events this command appended (or, for a retry, had appended the first time). */
  readonly events: readonly RecordedEvent[];
  /** True when the idempotency key had already been used: nothing new was appended. */
  readonly replayed: boolean;
}

/**
 * A command that would have overrun its run's budget ended the run (its decision was the run's `RunFailed` by
 * budget): the caller gets `RUN_BUDGET_EXCEEDED` naming that event, not a result. The runtime's own
 * `EnforceWallTime` gets its result: ending the run is what it asked for.
 */
function refuseWhenEndedByBudget(command: RunCommand, result: RunCommandResult): RunCommandResult {
  const [end] = result.events;
  const exceeded = end === undefined ? null : budgetExceededBy(end);
  if (exceeded === null || exceeded.command !== command.type) return result;
  throw budgetRefusal(command.runId, exceeded, end!.id);
}

/** The event each command records its arguments in (EnforceWallTime has none). */
const RECORDED_AS: Readonly<Record<RunCommand['type'], string | null>> = {
  StartRun: 'RunStarted',
  RecordStep: 'StepRecorded',
  CompleteRun: 'RunCompleted',
  FailRun: 'RunFailed',
  CancelRun: 'RunCancelled',
  EnforceWallTime: null,
};

/**
 * Application service for runs: each command goes through the run's writer (the one command handler over the
 * one run fold, queued per run), decided by `decideRun`. Depends on ports only.
 */
export class RunCommandService {
  readonly #ids: IdGenerator;
  readonly #writer: RunStreamWriter;
  readonly #killSwitch: KillSwitch;

  constructor(log: EventLog, clock: Clock, ids: IdGenerator, maxAttempts = 5, killSwitch = NO_KILL_SWITCH) {
    this.#ids = ids;
    this.#writer = new RunStreamWriter(log, clock, ids, maxAttempts);
    this.#killSwitch = killSwitch;
  }

  /** A new run id: derived from the idempotency key when there is one, so a retried start names the same run. */
  newRunId(origin: CommandOrigin): string {
    return keyedId(this.#ids, origin, 'run') ?? this.#ids.newId();
  }

  async execute(command: RunCommand, origin: CommandOrigin): Promise<RunCommandResult> {
    // A halted tenant may still stop its runs: cancelling is how an operator winds work down, and the runtime
    // still ends runs whose wall time has passed. Nothing else, not even reporting a run failed (an app's claim
    // about its work, which can wait for the resume).
    if (command.type !== 'CancelRun' && command.type !== 'EnforceWallTime')
      await this.#killSwitch.assertActive(origin.tenant, haltedAttempt(command.type, command.runId, origin));
    const keyed = keyedCommand(this.#ids, origin, command.type, command.runId, (recorded) =>
      replayedCommand(command, recorded),
    );
    const written = await this.#writer.write(
      command.runId,
      origin,
      (state, now) => {
        const events = decideRun(command, state, { principal: origin.actor.id, tenant: origin.tenant, now });
        return { events, value: null };
      },
      keyed,
    );
    const result = { state: written.state, events: written.appended, replayed: written.replayed };
    return refuseWhenEndedByBudget(command, result);
  }
}

/**
 * A retried keyed command: its first recorded event must record the same arguments (a budget that ended the run
 * instead — RunFailed for a step — is replayed as it was recorded), else IDEMPOTENCY_CONFLICT.
 */
function replayedCommand(command: RunCommand, recorded: readonly RecordedEvent[]): null {
  const { type: _type, runId: _runId, ...args } = command;
  const first = recorded[0]!;
  const differing = first.type === RECORDED_AS[command.type] ? differingArguments(args, first.data) : [];
  if (differing.length > 0)
    throw idempotencyConflict(
      `idempotency key reused with other arguments for ${command.type} on run ${command.runId}`,
      { runId: command.runId, command: command.type, fields: differing },
    );
  return null;
}
