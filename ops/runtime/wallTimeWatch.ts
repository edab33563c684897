import type {
  Clock,
  CommandOrigin,
  EventLog,
  EventSubscription,
  RecordedEvent,
  RunCommandService,
  Timer,
} from '../../domain/index.js';
import {
  evolveRun,
  hasErrorCode,
  initialRunState,
  RUN_ENDED_EVENTS,
  RUN_STREAM_PREFIX,
  toRunHistoryEvent,
  wallTimeDeadline,
} from '../../domain/index.js';

/** The runtime itself, as the actor of the ends it records. */
export const RUNTIME_ACTOR = { kind: 'system', id: 'mir-runtime' } as const;

/** How long to wait before trying a run again after its end could not be recorded (a storage fault, …). */
const RETRY_MS = 1_000;

export interface WallTimeWatchOptions {
  /** Called with a failure to record a run's end; the watch retries that run after `RETRY_MS`. */
  readonly onError?: (error: unknown) => void;
}

/**
 * Ends runs whose wall-time budget has passed, with no command arriving: the runtime notices by itself.
 *
 * It follows the ledger from position 0 (`RunStarted` with `maxWallTimeMs`, and every run end), so a restart
 * rebuilds every open deadline from the evidence itself, and runs started by other processes sharing the ledger are
 * followed too. When the earliest deadline passes (by the injected clock and timer) it sends `EnforceWallTime`,
 * which the run decider turns into `RunFailed` naming the wall-time budget (actor `system:mir-runtime`). Several
 * processes may do so at once: the expected revision lets one append land and the others find the run ended
 * (`RUN_NOT_ACTIVE`), so the end is recorded once.
 */
export class WallTimeWatch {
  readonly #log: EventLog;
  readonly #runs: Pick<RunCommandService, 'execute'>;
  readonly #clock: Clock;
  readonly #timer: Timer;
  readonly #onError: (error: unknown) => void;
  /** Open runs with a wall-time budget: run id → tenant and deadline (ms since the epoch). */
  readonly #open = new Map<string, { readonly tenant: string; deadline: number }>();
  #subscription: EventSubscription | null = null;
  #following: Promise<void> = Promise.resolve();
  #armedFor: number | null = null;
  #disarm: () => void = () => undefined;
  #enforcing: Promise<void> | null = null;
  #closed = false;

  constructor(
    log: EventLog,
    runs: Pick<RunCommandService, 'execute'>,
    clock: Clock,
    timer: Timer,
    options: WallTimeWatchOptions = {},
  ) {
    this.#log = log;
    this.#runs = runs;
    this.#clock = clock;
    this.#timer = timer;
    this.#onError = options.onError ?? (() => undefined);
  }

  /** Starts following the ledger from its first event. */
  start(): void {
    const subscription = this.#log.subscribeToAll({
      fromPosition: 0,
      filter: { streamPrefixes: [RUN_STREAM_PREFIX], types: ['RunStarted', ...RUN_ENDED_EVENTS] },
    });
    this.#subscription = subscription;
    this.#following = (async () => {
      try {
        for await (const event of subscription) this.#follow(event);
      } catch (error) {
        if (!this.#closed) this.#onError(error);
      }
    })();
  }

  /** The runs it is waiting on, with their deadlines (for tests and diagnostics). */
  deadlines(): ReadonlyMap<string, number> {
    return new Map([...this.#open].map(([runId, { deadline }]) => [runId, deadline]));
  }

  /** Stops following and cancels the timer; an end being recorded finishes first. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#disarm();
    await this.#subscription?.close();
    await this.#following;
    await this.#enforcing;
  }

  #follow(event: RecordedEvent): void {
    const runId = event.stream.slice(RUN_STREAM_PREFIX.length);
    if (event.type !== 'RunStarted') {
      this.#open.delete(runId);
      return;
    }
    const deadline = wallTimeDeadline(evolveRun(initialRunState, toRunHistoryEvent(event)));
    if (deadline === null) return;
    this.#open.set(runId, { tenant: event.meta.tenant, deadline });
    if (this.#armedFor === null || deadline < this.#armedFor) this.#arm(deadline);
  }

  /** One timer, for the earliest deadline; the decider ends a run only once its wall time is strictly past. */
  #arm(deadline: number): void {
    if (this.#closed) return;
    this.#disarm();
    this.#armedFor = deadline;
    this.#disarm = this.#timer.after(deadline + 1 - this.#clock.now(), () => {
      this.#armedFor = null;
      this.#enforcing ??= this.#enforceDue().finally(() => {
        this.#enforcing = null;
        this.#armNext();
      });
    });
  }

  #armNext(): void {
    let earliest: number | null = null;
    for (const { deadline } of this.#open.values())
      if (earliest === null || deadline < earliest) earliest = deadline;
    if (earliest !== null && (this.#armedFor === null || earliest < this.#armedFor)) this.#arm(earliest);
  }

  async #enforceDue(): Promise<void> {
    const now = this.#clock.now();
    const due = [...this.#open].filter(([, { deadline }]) => deadline < now);
    for (const [runId, open] of due) {
      if (this.#closed) return;
      const origin: CommandOrigin = { actor: RUNTIME_ACTOR, tenant: open.tenant };
      try {
        const { events } = await this.#runs.execute({ type: 'EnforceWallTime', runId }, origin);
        // No event: not yet past by the decider's reading of the clock; the next timer tries again.
        if (events.length > 0) this.#open.delete(runId);
      } catch (error) {
        if (hasErrorCode(error, 'RUN_NOT_ACTIVE')) this.#open.delete(runId);
        else {
          this.#onError(error);
          open.deadline = this.#clock.now() + RETRY_MS;
        }
      }
    }
  }
}
