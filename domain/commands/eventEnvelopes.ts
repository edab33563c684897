import type { EventMeta, NewEvent } from '../events/eventEnvelope.js';
import type { JsonValue } from '../events/json.js';
import type { CommandOrigin } from './commandOrigin.js';

/**
 * An event a decision wants on its stream: type and data; the command handler adds id and envelope. A service
 * that must name an event before it is appended (an inference's request, whose outcome refers to it) pins its
 * `id`; one that records a fact from another moment pins `occurredAt`; `causationId` pins the event's cause.
 */
export interface PlannedEvent {
  readonly type: string;
  readonly data: object;
  readonly id?: string;
  readonly occurredAt?: number;
  readonly causationId?: string;
}

export interface EnvelopeOptions {
  /** Epoch ms, from the service's Clock: when the command was decided (or its outcome came back). */
  readonly occurredAt: number;
  /**
   * The event that caused these: default the first of them (a command's events are caused by the command). An
   * outcome recorded later names the event it follows from (a call's result → its request), so `explain` can
   * walk causes back to the command that started them.
   */
  readonly causationId?: string;
}

/**
 * The one envelope builder. Every event carries the origin's tenant and actor, the origin's idempotency key when
 * it has one, and:
 * - occurredAt: the event's own (`PlannedEvent.occurredAt`), else `options.occurredAt`, from the injected clock;
 * - correlationId: the caller's, else the first event of this append (a command starts its own correlation);
 * - causationId: the event's own, else `options.causationId`, else the first event of this append.
 *
 * Preconditions: `ids` has one id per planned event; data is plain JSON (the log refuses anything else).
 */
export function envelopes(
  planned: readonly PlannedEvent[],
  ids: readonly string[],
  origin: CommandOrigin,
  options: EnvelopeOptions,
): NewEvent[] {
  const first = ids[0] ?? '';
  const shared = {
    tenant: origin.tenant,
    actor: origin.actor,
    correlationId: origin.correlationId ?? first,
  };
  const key = origin.idempotencyKey === undefined ? {} : { idempotencyKey: origin.idempotencyKey };
  return planned.map((event, index) => {
    const meta: EventMeta = {
      ...shared,
      causationId: event.causationId ?? options.causationId ?? first,
      occurredAt: new Date(event.occurredAt ?? options.occurredAt).toISOString(),
      ...key,
    };
    return { id: ids[index]!, type: event.type, schemaVersion: 1, data: event.data as JsonValue, meta };
  });
}
