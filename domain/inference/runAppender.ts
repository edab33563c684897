import { hasErrorCode, isMirError } from '../errors/mirError.js';
import type { EventMeta, NewEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import type { Clock } from '../ports/clock.js';
import type { EventLog, ExpectedRevision } from '../ports/eventLog.js';
import type { CommandOrigin } from '../runs/runCommandService.js';
import { RunError } from '../runs/runErrors.js';
import { runStream } from '../runs/runEvents.js';
import type { EventReference, InferenceRecord, RunView } from './runViews.js';
import { RunViewCache } from './runViews.js';

/** An event the inference service wants on a run's stream. */
export interface OutgoingEvent {
  readonly id: string;
  readonly type: string;
  readonly data: object;
  /** The event that caused this one: the request event, for the request and its outcome. */
  readonly cause: string;
  /** ISO 8601 time the fact happened (a request: when it was decided; an outcome: when it came back). */
  readonly occurredAt: string;
}

export type AppendDecision =
  { readonly replay: InferenceRecord } | { readonly events: readonly OutgoingEvent[] };
export type AppendOutcome = { readonly replay: InferenceRecord } | { readonly references: EventReference[] };

/**
 * Appends to run streams on behalf of the inference service: per run, one append at a time in this process, each
 * decided on the cached run view and carrying its revision as the expected revision. When another writer (or
 * process) moved the stream, the append fails, the view is re-read and the decision taken again.
 */
export class RunAppender {
  readonly #log: EventLog;
  readonly #maxAttempts: number;
  readonly #locks = new Map<string, Promise<unknown>>();
  readonly views: RunViewCache;

  constructor(log: EventLog, maxAttempts: number, viewCapacity?: number) {
    this.#log = log;
    this.#maxAttempts = maxAttempts;
    this.views = new RunViewCache(log, viewCapacity);
  }

  append(
    runId: string,
    origin: CommandOrigin,
    decide: (view: RunView) => AppendDecision,
  ): Promise<AppendOutcome> {
    return this.#serialised(runId, async () => {
      let view = await this.views.get(runId);
      for (let attempt = 1; ; attempt++) {
        const decision = decide(view);
        if ('replay' in decision) return decision;
        const events = decision.events.map((event) => envelope(event, origin));
        const expected: ExpectedRevision = view.state.revision ?? 'no_stream';
        try {
          const appended = await this.#log.append(runStream(runId), events, expected);
          const references = appended.events.map(({ id, revision, position, hash }) => ({
            id,
            revision,
            position,
            hash,
          }));
          events.forEach((event, index) =>
            this.views.apply(runId, {
              type: event.type,
              data: event.data,
              tenant: origin.tenant,
              occurredAt: event.meta.occurredAt,
              idempotencyKey: origin.idempotencyKey,
              reference: references[index]!,
            }),
          );
          return { references };
        } catch (error) {
          if (!hasErrorCode(error, 'WRONG_EXPECTED_REVISION')) {
            if (isMirError(error)) this.views.forget(runId);
            throw error;
          }
          if (attempt >= this.#maxAttempts)
            throw new RunError(
              'RUN_CONCURRENCY_EXHAUSTED',
              `run ${runId} kept changing; gave up after ${attempt} attempts`,
              { runId, attempts: attempt },
            );
          view = await this.views.refresh(runId);
        }
      }
    });
  }

  async #serialised<T>(runId: string, work: () => Promise<T>): Promise<T> {
    const before = this.#locks.get(runId) ?? Promise.resolve();
    const mine = before.then(work, work);
    const tail = mine.then(
      () => undefined,
      () => undefined,
    );
    this.#locks.set(runId, tail);
    try {
      return await mine;
    } finally {
      if (this.#locks.get(runId) === tail) this.#locks.delete(runId);
    }
  }
}

/** Correlation: the caller's, else the request event; causation: the request event. */
function envelope(event: OutgoingEvent, origin: CommandOrigin): NewEvent {
  const meta: EventMeta = {
    tenant: origin.tenant,
    actor: origin.actor,
    correlationId: origin.correlationId ?? event.cause,
    causationId: event.cause,
    occurredAt: event.occurredAt,
    ...(origin.idempotencyKey === undefined ? {} : { idempotencyKey: origin.idempotencyKey }),
  };
  return { id: event.id, type: event.type, schemaVersion: 1, data: event.data as JsonValue, meta };
}

/** Milliseconds since the epoch as the ISO 8601 text events carry. */
export function isoTime(clock: Clock): string {
  return new Date(clock.now()).toISOString();
}
