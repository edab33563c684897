import { idempotencyConflict } from '../errors/ledgerErrors.js';
import { hasErrorCode } from '../errors/mirError.js';
import type { Actor, EventMeta, NewEvent, RecordedEvent } from '../events/eventEnvelope.js';
import { differingArguments } from '../events/differingArguments.js';
import type { JsonValue } from '../events/json.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { KillSwitch } from '../tenants/killSwitchPort.js';
import { haltedAttempt, NO_KILL_SWITCH } from '../tenants/killSwitchPort.js';
import type { RunCommand } from './runCommands.js';
import { budgetExceededBy, budgetRefusal } from './runBudget.js';
import { decideRun, evolveRun, initialRunState } from './runDecider.js';
import type { RunHistoryEvent, RunState } from './runDecider.js';
import { RunError } from './runErrors.js';
import type { RunEvent } from './runEvents.js';
import { runStream } from './runEvents.js';

/** Who sends a command, for which tenant, and how to recognise a retry of it. */
export interface CommandOrigin {
  readonly actor: Actor;
  readonly tenant: string;
  /** Same key (per tenant and actor) ⇒ same event ids ⇒ a retried command appends nothing and gets the original result. */
  readonly idempotencyKey?: string;
  readonly correlationId?: string;
}

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

/** Turns stored run events into what evolve needs. */
export function toRunHistoryEvent(event: RecordedEvent): RunHistoryEvent {
  return {
    type: event.type,
    data: event.data,
    revision: event.revision,
    tenant: event.meta.tenant,
    occurredAt: Date.parse(event.meta.occurredAt),
  } as unknown as RunHistoryEvent;
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

export function foldRun(events: readonly RecordedEvent[], state: RunState = initialRunState): RunState {
  return events.reduce((current, event) => evolveRun(current, toRunHistoryEvent(event)), state);
}

const PAGE = 10_000;

/**
 * Application service for runs: load the run's stream, fold it, decide, append with the expected revision, and
 * retry from the top when another writer got there first (bounded). Depends on ports only.
 */
export class RunCommandService {
  readonly #log: EventLog;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #maxAttempts: number;
  readonly #killSwitch: KillSwitch;

  constructor(log: EventLog, clock: Clock, ids: IdGenerator, maxAttempts = 5, killSwitch = NO_KILL_SWITCH) {
    this.#log = log;
    this.#clock = clock;
    this.#ids = ids;
    this.#maxAttempts = maxAttempts;
    this.#killSwitch = killSwitch;
  }

  /** A new run id: derived from the idempotency key when there is one, so a retried start names the same run. */
  newRunId(origin: CommandOrigin): string {
    return origin.idempotencyKey === undefined
      ? this.#ids.newId()
      : this.#ids.fromKey(`run\n${this.#keyScope(origin)}`);
  }

  async execute(command: RunCommand, origin: CommandOrigin): Promise<RunCommandResult> {
    // A halted tenant may still stop its runs: cancelling is how an operator winds work down, and the runtime
    // still ends runs whose wall time has passed. Nothing else, not even reporting a run failed (an app's claim
    // about its work, which can wait for the resume).
    if (command.type !== 'CancelRun' && command.type !== 'EnforceWallTime')
      await this.#killSwitch.assertActive(origin.tenant, haltedAttempt(command.type, command.runId, origin));
    const stream = runStream(command.runId);
    for (let attempt = 1; ; attempt++) {
      const history = await this.#load(stream);
      const state = foldRun(history);
      const eventId = (index: number) =>
        origin.idempotencyKey === undefined
          ? this.#ids.newId()
          : this.#ids.fromKey(`event\n${this.#keyScope(origin)}\n${command.type}\n${index}`);
      if (origin.idempotencyKey !== undefined) {
        const earlier = history.findIndex((event) => event.id === eventId(0));
        if (earlier >= 0)
          return refuseWhenEndedByBudget(command, this.#replay(history, earlier, command, eventId));
      }
      const now = this.#clock.now();
      const decided = decideRun(command, state, { principal: origin.actor.id, tenant: origin.tenant, now });
      if (decided.length === 0) return { state, events: [], replayed: false };
      const ids = decided.map((_, index) => eventId(index));
      const events = decided.map((event, index) => this.#envelope(event, ids[index]!, ids[0]!, origin, now));
      try {
        await this.#log.append(stream, events, state.revision ?? 'no_stream');
        const appended = await this.#log.readStream(stream, {
          fromRevision: (state.revision ?? -1) + 1,
          maxCount: events.length,
        });
        return refuseWhenEndedByBudget(command, {
          state: foldRun(appended, state),
          events: appended,
          replayed: false,
        });
      } catch (error) {
        if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION')) throw error;
        if (attempt >= this.#maxAttempts) {
          throw new RunError(
            'RUN_CONCURRENCY_EXHAUSTED',
            `run ${command.runId} kept changing; gave up after ${attempt} attempts`,
            { runId: command.runId, attempts: attempt },
          );
        }
      }
    }
  }

  async #load(stream: string): Promise<RecordedEvent[]> {
    const events: RecordedEvent[] = [];
    for (let from = 0; ; from += PAGE) {
      const page = await this.#log.readStream(stream, { fromRevision: from, maxCount: PAGE });
      events.push(...page);
      if (page.length < PAGE) return events;
    }
  }

  #replay(
    history: readonly RecordedEvent[],
    from: number,
    command: RunCommand,
    eventId: (index: number) => string,
  ): RunCommandResult {
    const events: RecordedEvent[] = [];
    for (
      let index = 0;
      from + index < history.length && history[from + index]!.id === eventId(index);
      index++
    ) {
      events.push(history[from + index]!);
    }
    // A command's own first event records its arguments under their own names; a budget that ended the run
    // instead (RunFailed for a step) is replayed as it was recorded.
    const { type: _type, runId: _runId, ...args } = command;
    const first = events[0];
    const differing =
      first === undefined
        ? ['type']
        : first.type === RECORDED_AS[command.type]
          ? differingArguments(args, first.data)
          : [];
    if (differing.length > 0)
      throw idempotencyConflict(
        `idempotency key reused with other arguments for ${command.type} on run ${command.runId}`,
        { runId: command.runId, command: command.type, fields: differing },
      );
    return { state: foldRun(history.slice(0, from + events.length)), events, replayed: true };
  }

  /** Correlation: the caller's, else this command's first event; causation: this command's first event. */
  #envelope(event: RunEvent, id: string, firstId: string, origin: CommandOrigin, now: number): NewEvent {
    const meta: EventMeta = {
      tenant: origin.tenant,
      actor: origin.actor,
      correlationId: origin.correlationId ?? firstId,
      causationId: firstId,
      occurredAt: new Date(now).toISOString(),
      ...(origin.idempotencyKey === undefined ? {} : { idempotencyKey: origin.idempotencyKey }),
    };
    return { id, type: event.type, schemaVersion: 1, data: event.data as unknown as JsonValue, meta };
  }

  #keyScope(origin: CommandOrigin): string {
    return `${origin.tenant}\n${origin.actor.kind}:${origin.actor.id}\n${origin.idempotencyKey ?? ''}`;
  }
}
