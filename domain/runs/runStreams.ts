import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { EventLog } from '../ports/eventLog.js';
import type { EventIds } from '../commands/commandKeys.js';
import type { StreamSource } from '../commands/commandHandler.js';
import { initialRunState } from './runDecider.js';
import type { RunState } from './runDecider.js';
import { runStream } from './runEvents.js';
import { foldRun } from './runFold.js';

const PAGE = 10_000;
/** Keyed commands append a handful of events; a replay reads at most this many after the first. */
const KEYED_READ = 256;
/** Runs kept folded between commands (least recently used dropped first). */
export const DEFAULT_RUN_CACHE_CAPACITY = 1_000;

const perLog = new WeakMap<EventLog, RunStreams>();

/**
 * The run streams of one event log, as every writer of `run-*` streams in this process sees them: ONE cache of
 * folded run states and ONE queue per run. Commands on one run run one after another (so concurrent commands
 * queue instead of conflicting); commands on different runs run concurrently.
 *
 * A cached state is only a starting point: each load reads what the stream gained since the cached revision
 * (other processes may write too; the expected revision of the append settles any race), so a command costs one
 * short read however long the run. Folding never changes a state (`RunState` is persistent), so a state a caller
 * holds stays as it was.
 */
export class RunStreams {
  readonly #log: EventLog;
  readonly #capacity: number;
  readonly #states = new Map<string, RunState>();
  readonly #queues = new Map<string, Promise<unknown>>();

  private constructor(log: EventLog, capacity: number) {
    this.#log = log;
    this.#capacity = capacity;
  }

  /** The one instance for `log` (created on first use; `capacity` applies then). */
  static of(log: EventLog, capacity = DEFAULT_RUN_CACHE_CAPACITY): RunStreams {
    let streams = perLog.get(log);
    if (streams === undefined) {
      streams = new RunStreams(log, capacity);
      perLog.set(log, streams);
    }
    return streams;
  }

  /** The run's state now: the cached fold brought up to the stream's head. */
  async state(runId: string): Promise<RunState> {
    let state = this.#states.get(runId) ?? initialRunState;
    for (;;) {
      const page = await this.#log.readStream(runStream(runId), {
        fromRevision: (state.revision ?? -1) + 1,
        maxCount: PAGE,
      });
      state = foldRun(page, state);
      if (page.length < PAGE) break;
    }
    if (state.revision !== null) this.#remember(runId, state);
    return state;
  }

  /**
   * The state this process last folded for the run (what its own appends made it), without reading; read when the
   * run is not cached. Inside the run's queue, right after a command, that is the state the command left.
   */
  folded(runId: string): Promise<RunState> {
    const cached = this.#states.get(runId);
    return cached === undefined ? this.state(runId) : Promise.resolve(cached);
  }

  /** Runs `work` after every earlier queued work on this run has settled (in this process). */
  async serialised<T>(runId: string, work: () => Promise<T>): Promise<T> {
    const before = this.#queues.get(runId) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.then(
      () => undefined,
      () => undefined,
    );
    this.#queues.set(runId, tail);
    try {
      return await mine;
    } finally {
      if (this.#queues.get(runId) === tail) this.#queues.delete(runId);
    }
  }

  /** The command handler's view of one run stream: loads through the cache, finds keyed events by index. */
  source(runId: string): StreamSource<RunState> {
    let loaded = initialRunState;
    return {
      load: async () => {
        loaded = await this.state(runId);
        return { state: loaded, revision: loaded.revision };
      },
      recorded: (eventIds) => this.#recorded(runId, loaded, eventIds),
      appended: (events) => {
        const cached = this.#states.get(runId) ?? initialRunState;
        // Only events that follow the cached fold directly; anything else is read on the next load.
        if (events[0]?.revision === (cached.revision ?? -1) + 1)
          this.#remember(runId, foldRun(events, cached));
      },
    };
  }

  async #recorded(runId: string, state: RunState, eventIds: EventIds): Promise<RecordedEvent[]> {
    const revision = state.keyedEvents.get(eventIds(0));
    if (revision === undefined) return [];
    const page = await this.#log.readStream(runStream(runId), {
      fromRevision: revision,
      maxCount: KEYED_READ,
    });
    const recorded: RecordedEvent[] = [];
    for (const event of page) {
      if (event.id !== eventIds(recorded.length)) break;
      recorded.push(event);
    }
    return recorded;
  }

  #remember(runId: string, state: RunState): void {
    const current = this.#states.get(runId);
    // Loads may finish out of order: never replace a state with an older one.
    if (current !== undefined && (current.revision ?? -1) > (state.revision ?? -1)) return;
    this.#states.delete(runId);
    this.#states.set(runId, state);
    if (this.#states.size > this.#capacity) this.#states.delete(this.#states.keys().next().value!);
  }
}
