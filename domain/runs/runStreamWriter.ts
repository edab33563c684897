import type { Clock } from '../ports/clock.js';
import type { EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import { CommandHandler, DEFAULT_MAX_ATTEMPTS } from '../commands/commandHandler.js';
import type { CommandDecision, KeyedCommand } from '../commands/commandHandler.js';
import type { CommandOrigin } from '../commands/commandOrigin.js';
import type { RunState } from './runDecider.js';
import { runStream } from './runEvents.js';
import { RunStreams } from './runStreams.js';

export interface StreamWrite<Value> {
  readonly value: Value;
  /** The events appended (or, for a keyed retry, recorded the first time), in order. */
  readonly appended: readonly RecordedEvent[];
  /** True when a keyed command had been recorded already: nothing new was appended. */
  readonly replayed: boolean;
  /** The run's state right after this command (read in the run's queue: no command of this process in between). */
  readonly state: RunState;
}

export interface RunWriteOptions {
  /** The event the appended ones follow from (a call's outcome → its request); default: the first appended. */
  readonly causationId?: string;
}

/**
 * How a service writes a run's stream: the one command handler over the one run fold, through the process's
 * shared `RunStreams` (cache and per-run queue) of the log. Every writer of `run-*` streams uses it, so commands
 * on one run — steps, inference, tool calls, approvals, memory — queue behind each other instead of failing on
 * each other's appends, and each costs one short read however long the run.
 */
export class RunStreamWriter {
  readonly #streams: RunStreams;
  readonly #handler: CommandHandler;

  constructor(log: EventLog, clock: Clock, ids: IdGenerator, maxAttempts = DEFAULT_MAX_ATTEMPTS) {
    this.#streams = RunStreams.of(log);
    this.#handler = new CommandHandler(log, clock, ids, { maxAttempts });
  }

  /** The run's state now (outside the run's queue: a snapshot, never changed by later commands). */
  load(runId: string): Promise<RunState> {
    return this.#streams.state(runId);
  }

  /**
   * Decides on the run's current state and appends what `decide` planned, in the run's queue. `decide` may be
   * async (it may consult policy) and may throw a typed refusal: nothing is appended then. See `CommandHandler`.
   */
  write<Value>(
    runId: string,
    origin: CommandOrigin,
    decide: (state: RunState, now: number) => Promise<CommandDecision<Value>> | CommandDecision<Value>,
    keyed?: KeyedCommand<Value>,
    options: RunWriteOptions = {},
  ): Promise<StreamWrite<Value>> {
    return this.#streams.serialised(runId, async () => {
      const outcome = await this.#handler.handle(this.#streams.source(runId), {
        stream: runStream(runId),
        origin,
        decide,
        ...(keyed === undefined ? {} : { keyed }),
        ...(options.causationId === undefined ? {} : { causationId: options.causationId }),
      });
      const state = await this.#streams.folded(runId);
      return { value: outcome.value, appended: outcome.events, replayed: outcome.replayed, state };
    });
  }
}
