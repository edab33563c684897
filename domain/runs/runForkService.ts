import { idempotencyConflict } from '../errors/ledgerErrors.js';
import { differingArguments } from '../events/differingArguments.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import { readWholeStream } from '../commands/wholeStreamSource.js';
import { keyedCommand } from '../commands/commandKeys.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { Digester } from '../toolCalls/ports.js';
import { RunStreamWriter } from './runStreamWriter.js';
import { decideFork } from './forkDecider.js';
import type { ForkRun } from './forkDecider.js';
import type { RunForkOrigin, RunStartedData } from './runEvents.js';
import { runStream } from './runEvents.js';

export interface RunForkDeps {
  readonly log: EventLog;
  readonly clock: Clock;
  readonly ids: IdGenerator;
  readonly digester: Digester;
  /** Checked before every fork (default: never halted). */
  readonly killSwitch?: KillSwitch;
  readonly maxAttempts?: number;
}

export interface RunForkResult {
  readonly runId: string;
  /** The fork's `RunStarted` (for a retry with the same key: the one the first attempt recorded). */
  readonly events: readonly RecordedEvent[];
  /** True when the idempotency key had been used already: nothing new was appended. */
  readonly replayed: boolean;
}

/**
 * Forks runs: reads the source run's stream, decides with the pure `decideFork`, and appends the fork's first event
 * to the fork's own stream through `RunStreamWriter` (keyed when the origin has an idempotency key). The source's
 * stream is only read, never written. The tenant's kill switch refuses forks while halted (TENANT_HALTED).
 */
export class RunForkService {
  readonly #deps: RunForkDeps;
  readonly #writer: RunStreamWriter;

  constructor(deps: RunForkDeps) {
    this.#deps = deps;
    this.#writer = new RunStreamWriter(deps.log, deps.clock, deps.ids, deps.maxAttempts);
  }

  /**
   * Appends `RunStarted` (with `forkedFrom`) of `command.runId`. Errors: those of `decideFork` (RUN_NOT_FOUND,
   * RUN_STEP_OUT_OF_RANGE, RUN_ALREADY_EXISTS, RUN_INVALID_COMMAND); IDEMPOTENCY_CONFLICT when the key was used
   * for a fork with other arguments; TENANT_HALTED.
   */
  async fork(command: ForkRun, origin: CommandOrigin): Promise<RunForkResult> {
    const killSwitch = this.#deps.killSwitch ?? NO_KILL_SWITCH;
    await killSwitch.assertActive(origin.tenant, haltedAttempt(command.type, command.sourceRunId, origin));
    const { log, ids, digester } = this.#deps;
    const source = await readWholeStream(log, runStream(command.sourceRunId));
    // The write's value: the events a keyed retry finds recorded, or null for a fork decided now.
    const keyed = keyedCommand<readonly RecordedEvent[] | null>(
      ids,
      origin,
      command.type,
      command.runId,
      (recorded) => {
        refuseOtherArguments(command, recorded[0]!);
        return recorded;
      },
    );
    const context = { principal: origin.actor.id, tenant: origin.tenant };
    const written = await this.#writer.write(
      command.runId,
      origin,
      (view, now) => ({
        events: decideFork(command, source, view, { ...context, now }, digester),
        value: null,
      }),
      keyed,
    );
    return { runId: command.runId, events: written.appended, replayed: written.replayed };
  }
}

/** A retry must name the same source, step, reason and budget as the fork its key recorded. */
function refuseOtherArguments(command: ForkRun, recorded: RecordedEvent): void {
  const data = recorded.data as unknown as RunStartedData;
  const origin: Partial<RunForkOrigin> = data.forkedFrom ?? {};
  const asRecorded = {
    sourceRunId: origin.runId ?? null,
    atStep: origin.step ?? null,
    reason: origin.reason ?? null,
    ...(command.budget === undefined ? {} : { budget: data.budget }),
  };
  const args = {
    sourceRunId: command.sourceRunId,
    atStep: command.atStep,
    reason: command.reason,
    ...(command.budget === undefined ? {} : { budget: command.budget }),
  };
  const fields = differingArguments(args, asRecorded as unknown as JsonValue);
  if (fields.length > 0)
    throw idempotencyConflict(`idempotency key reused with other arguments for ForkRun`, {
      runId: command.runId,
      command: command.type,
      fields,
    });
}
