import type { RecordedEvent } from '../events/eventEnvelope.js';
import type { IdGenerator } from '../ports/idGenerator.js';
import type { KeyedCommand } from './commandHandler.js';
import type { CommandOrigin } from './commandOrigin.js';

/**
 * The one idempotency-key scheme. A key is scoped to its tenant and actor: the same key from another actor or
 * tenant is another command. Every id a keyed command derives (its events', a new run's, a call's) is
 * `ids.fromKey` of the lines `kind`, tenant, `actorKind:actorId`, key, then the parts that name the command, so
 * the same key on another command or subject derives other ids.
 *
 * Returns undefined without a key: the caller draws fresh ids.
 */
export function keyedId(
  ids: IdGenerator,
  origin: CommandOrigin,
  kind: string,
  ...parts: readonly string[]
): string | undefined {
  const key = origin.idempotencyKey;
  if (key === undefined) return undefined;
  return ids.fromKey(
    [kind, origin.tenant, `${origin.actor.kind}:${origin.actor.id}`, key, ...parts].join('\n'),
  );
}

/** The ids of a keyed command's events: the `index`-th is the same for every retry with the same key. */
export type EventIds = (index: number) => string;

/**
 * The event ids of `command` on `subject` (a stream's entity: a run id, a memory id, a tenant...), derived from
 * the origin's idempotency key; undefined without a key.
 */
export function keyedEventIds(
  ids: IdGenerator,
  origin: CommandOrigin,
  command: string,
  subject: string,
): EventIds | undefined {
  if (origin.idempotencyKey === undefined) return undefined;
  return (index) => keyedId(ids, origin, 'event', command, subject, String(index))!;
}

/**
 * The keyed form of `command` on `subject`, or undefined without a key: event ids from `keyedEventIds`, the
 * original result rebuilt by `replay` from what the first attempt recorded.
 */
export function keyedCommand<Value>(
  ids: IdGenerator,
  origin: CommandOrigin,
  command: string,
  subject: string,
  replay: (recorded: readonly RecordedEvent[]) => Value,
): KeyedCommand<Value> | undefined {
  const eventIds = keyedEventIds(ids, origin, command, subject);
  return eventIds === undefined ? undefined : { eventIds, replay };
}
