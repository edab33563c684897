import { hasErrorCode } from '../errors/mirError.js';
import type { NewEvent, RecordedEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import type { Clock } from '../ports/clock.js';
import type { AppendedEvent, EventLog } from '../ports/eventLog.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { CommandOrigin } from '../runs/runCommandService.js';
import { RunError } from '../runs/runErrors.js';
import { runStream } from '../runs/runEvents.js';
import { emptyGovernanceView, foldGovernance } from './governanceView.js';
import type { GovernanceView } from './governanceView.js';

/** An event a service wants on a run stream (type and data; the writer adds id and envelope). */
export interface PlannedEvent {
  readonly type: string;
  readonly data: object;
}

/** What a decision wants appended, and the value the caller gets back once it is. */
export interface StreamDecision<T> {
  readonly events: readonly PlannedEvent[];
  readonly value: T;
}

export interface StreamWrite<T> {
  readonly value: T;
  /** Where each planned event landed, in order. */
  readonly appended: readonly AppendedEvent[];
}

/**
 * A command sent with an idempotency key: its events' ids derive from the key, so a retry finds what the first
 * attempt recorded and gets its result back instead of being decided again. Build one with `keyedWrite`.
 */
export interface KeyedWrite<T> {
  /** The id of the command's `index`-th event (the same for every retry with the same key). */
  readonly eventId: (index: number) => string;
  /**
   * The original result, rebuilt from the events the first attempt appended (in order, at least one). Throws
   * IDEMPOTENCY_CONFLICT (`idempotencyConflict`, fields from `differingArguments`) when the retry's arguments
   * differ from the recorded ones.
   */
  readonly replay: (recorded: readonly RecordedEvent[]) => T;
}

/**
 * The keyed form of a run-stream command, or undefined without a key. Ids derive from the tenant, the actor, the
 * key, the command and the run (as `invokeTool`'s call id does), so the same key on another run is another
 * command.
 */
export function keyedWrite<T>(
  ids: IdGenerator,
  origin: CommandOrigin,
  command: string,
  runId: string,
  replay: (recorded: readonly RecordedEvent[]) => T,
): KeyedWrite<T> | undefined {
  const key = origin.idempotencyKey;
  if (key === undefined) return undefined;
  const scope = `${origin.tenant}\n${origin.actor.kind}:${origin.actor.id}\n${key}\n${command}\n${runId}`;
  return { eventId: (index) => ids.fromKey(`event\n${scope}\n${index}`), replay };
}

const PAGE = 10_000;
/** Run views kept between commands (least recently used dropped first). */
const DEFAULT_VIEW_CAPACITY = 1_000;

/**
 * Load → fold → decide → append with the expected revision, re-deciding from a fresh read when another writer
 * moved the stream (bounded; then `RUN_CONCURRENCY_EXHAUSTED`). `decide` may be async (it consults the policy
 * service) and may throw a typed error: nothing is appended then.
 *
 * Views are cached per run and brought up to date by reading only the events after the cached revision, so a
 * command costs one short read however long the run; whatever other writers (processes) appended is read too.
 * Folds build new views, so a cached one is never changed under a command that holds it.
 */
export class RunStreamWriter {
  readonly #views = new Map<string, GovernanceView>();

  constructor(
    private readonly log: EventLog,
    private readonly clock: Clock,
    private readonly ids: IdGenerator,
    private readonly maxAttempts = 5,
    private readonly viewCapacity = DEFAULT_VIEW_CAPACITY,
  ) {}

  async load(runId: string): Promise<GovernanceView> {
    let view = this.#views.get(runId) ?? emptyGovernanceView();
    for (;;) {
      const from = (view.state.revision ?? -1) + 1;
      const page: RecordedEvent[] = await this.log.readStream(runStream(runId), {
        fromRevision: from,
        maxCount: PAGE,
      });
      view = foldGovernance(page, view);
      if (page.length < PAGE) break;
    }
    if (view.state.revision !== null) this.#remember(runId, view);
    return view;
  }

  #remember(runId: string, view: GovernanceView): void {
    const current = this.#views.get(runId);
    // Concurrent loads may finish out of order: never replace a view with an older one.
    if (current !== undefined && (current.state.revision ?? -1) > (view.state.revision ?? -1)) return;
    this.#views.delete(runId);
    this.#views.set(runId, view);
    if (this.#views.size > this.viewCapacity) this.#views.delete(this.#views.keys().next().value!);
  }

  async write<T>(
    runId: string,
    origin: CommandOrigin,
    decide: (view: GovernanceView, now: number) => Promise<StreamDecision<T>> | StreamDecision<T>,
    keyed?: KeyedWrite<T>,
  ): Promise<StreamWrite<T>> {
    for (let attempt = 1; ; attempt++) {
      const view = await this.load(runId);
      if (keyed !== undefined) {
        const recorded = await this.#recorded(runId, keyed.eventId);
        if (recorded.length > 0) {
          const appended = recorded.map(({ id, revision, position, hash }) => ({
            id,
            revision,
            position,
            hash,
          }));
          return { value: keyed.replay(recorded), appended };
        }
      }
      const now = this.clock.now();
      const decision = await decide(view, now);
      if (decision.events.length === 0) return { value: decision.value, appended: [] };
      const events = this.#envelopes(decision.events, origin, now, keyed?.eventId);
      try {
        const result = await this.log.append(runStream(runId), events, view.state.revision ?? 'no_stream');
        return { value: decision.value, appended: result.events };
      } catch (error) {
        if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION')) throw error;
        if (attempt >= this.maxAttempts)
          throw new RunError(
            'RUN_CONCURRENCY_EXHAUSTED',
            `run ${runId} kept changing; gave up after ${attempt}`,
            {
              runId,
              attempts: attempt,
            },
          );
      }
    }
  }

  /** The events a keyed command appended earlier (its first id, then those that follow with its ids), or none. */
  async #recorded(runId: string, eventId: (index: number) => string): Promise<RecordedEvent[]> {
    const first = eventId(0);
    const events: RecordedEvent[] = [];
    for (let from = 0; ; from += PAGE) {
      const page = await this.log.readStream(runStream(runId), { fromRevision: from, maxCount: PAGE });
      const start = events.length > 0 ? 0 : page.findIndex((event) => event.id === first);
      if (start >= 0)
        for (const event of page.slice(start)) {
          if (event.id !== eventId(events.length)) return events;
          events.push(event);
        }
      if (page.length < PAGE) return events;
    }
  }

  /** Correlation: the caller's, else the first event; causation: the first event of this append. */
  #envelopes(
    planned: readonly PlannedEvent[],
    origin: CommandOrigin,
    now: number,
    eventId?: (index: number) => string,
  ): NewEvent[] {
    const ids = planned.map((_, index) => (eventId === undefined ? this.ids.newId() : eventId(index)));
    const key = eventId === undefined ? undefined : origin.idempotencyKey;
    const first = ids[0] ?? '';
    return planned.map((event, index) => ({
      id: ids[index]!,
      type: event.type,
      schemaVersion: 1,
      data: event.data as JsonValue,
      meta: {
        tenant: origin.tenant,
        actor: origin.actor,
        correlationId: origin.correlationId ?? first,
        causationId: first,
        occurredAt: new Date(now).toISOString(),
        ...(key === undefined ? {} : { idempotencyKey: key }),
      },
    }));
  }
}
