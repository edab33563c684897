import { hasErrorCode } from '../errors/mirError.js';
import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog, ExpectedRevision } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import { concurrencyExhausted } from './commandErrors.js';
import type { EventIds } from './commandKeys.js';
import type { CommandOrigin } from './commandOrigin.js';
import { envelopes } from './eventEnvelopes.js';
import type { PlannedEvent } from './eventEnvelopes.js';

/** A stream's state as a source folded it, and the stream's last revision (null: no stream yet). */
export interface Folded<State> {
  readonly state: State;
  readonly revision: number | null;
}

/**
 * Where a command's state comes from. `load` folds the stream as it is now in the log (a cache may start from
 * what it folded before, but must read what other writers appended since). `recorded` finds what a keyed
 * command appended earlier: the event with id `eventIds(0)`, then the following events while their ids are
 * `eventIds(1)`, `eventIds(2)`… — none when the key is new. `appended`, when present, hears of each append.
 */
export interface StreamSource<State> {
  load(): Promise<Folded<State>>;
  recorded(eventIds: EventIds): Promise<readonly RecordedEvent[]>;
  appended?(events: readonly RecordedEvent[]): void;
}

/** What a decision wants appended, and what the caller gets back once it is. */
export interface CommandDecision<Value> {
  readonly events: readonly PlannedEvent[];
  readonly value: Value;
}

/**
 * A command sent with an idempotency key: its events' ids derive from the key (`keyedEventIds`), so a retry finds
 * what the first attempt recorded and gets its result back from `replay` instead of being decided again. `replay`
 * throws IDEMPOTENCY_CONFLICT when the retry's arguments differ from the recorded ones.
 */
export interface KeyedCommand<Value> {
  readonly eventIds: EventIds;
  readonly replay: (recorded: readonly RecordedEvent[]) => Value;
}

export interface Command<State, Value> {
  readonly stream: string;
  readonly origin: CommandOrigin;
  /** Pure or async (it may consult policy); may throw a typed refusal, and then nothing is appended. */
  readonly decide: (state: State, now: number) => Promise<CommandDecision<Value>> | CommandDecision<Value>;
  readonly keyed?: KeyedCommand<Value>;
  /** The event these follow from (see `envelopes`); default: the first of them. */
  readonly causationId?: string;
}

export interface CommandOutcome<Value> {
  readonly value: Value;
  /** The events appended (or, for a retry, recorded the first time); none when the decision appended nothing. */
  readonly events: readonly RecordedEvent[];
  /** True when the key had been used: nothing new was appended. */
  readonly replayed: boolean;
}

export interface CommandHandlerOptions {
  /** Attempts when other writers move the stream between the load and the append (default 5). */
  readonly maxAttempts?: number;
}

export const DEFAULT_MAX_ATTEMPTS = 5;

/**
 * The one command handler (after Emmett's `handleCommand`): load → (keyed: recorded? replay) → decide → append
 * with the loaded revision as expected revision → on WRONG_EXPECTED_REVISION decide again from a fresh load,
 * at most `maxAttempts` times, then CONCURRENCY_EXHAUSTED (stream, attempts, expected and actual revision).
 * Ids: derived from the key for a keyed command, fresh otherwise; envelopes: `envelopes`. Every aggregate's
 * service writes through it; nothing else appends to a domain stream.
 */
export class CommandHandler {
  readonly #log: EventLog;
  readonly #clock: Clock;
  readonly #ids: IdGenerator;
  readonly #maxAttempts: number;

  constructor(log: EventLog, clock: Clock, ids: IdGenerator, options: CommandHandlerOptions = {}) {
    this.#log = log;
    this.#clock = clock;
    this.#ids = ids;
    this.#maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  }

  get clock(): Clock {
    return this.#clock;
  }

  get ids(): IdGenerator {
    return this.#ids;
  }

  async handle<State, Value>(
    source: StreamSource<State>,
    command: Command<State, Value>,
  ): Promise<CommandOutcome<Value>> {
    for (let attempt = 1; ; attempt++) {
      const folded = await source.load();
      if (command.keyed !== undefined) {
        const recorded = await source.recorded(command.keyed.eventIds);
        if (recorded.length > 0)
          return { value: command.keyed.replay(recorded), events: recorded, replayed: true };
      }
      const now = this.#clock.now();
      const decision = await command.decide(folded.state, now);
      if (decision.events.length === 0) return { value: decision.value, events: [], replayed: false };
      const expected: ExpectedRevision = folded.revision ?? 'no_stream';
      try {
        const events = await this.#append(command, decision.events, expected, now);
        source.appended?.(events);
        return { value: decision.value, events, replayed: false };
      } catch (error) {
        if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION')) throw error;
        if (attempt >= this.#maxAttempts) {
          const actual = error.details.actual;
          throw concurrencyExhausted(
            command.stream,
            attempt,
            expected,
            typeof actual === 'number' ? actual : null,
          );
        }
      }
    }
  }

  /** Appends, then reads the appended events back (one short read by revision: the stored bytes, hashes, positions). */
  async #append<State, Value>(
    command: Command<State, Value>,
    planned: readonly PlannedEvent[],
    expected: ExpectedRevision,
    now: number,
  ): Promise<RecordedEvent[]> {
    const { keyed, origin } = command;
    const ids = planned.map((event, index) => event.id ?? keyed?.eventIds(index) ?? this.#ids.newId());
    const options = { occurredAt: now, causationId: command.causationId };
    const result = await this.#log.append(command.stream, envelopes(planned, ids, origin, options), expected);
    const first = result.events[0]!.revision;
    return this.#log.readStream(command.stream, { fromRevision: first, maxCount: planned.length });
  }
}
