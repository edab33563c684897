import { ACTOR_KINDS, LedgerError } from '../../domain/index.js';
import type { NewEvent } from '../../domain/index.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const EVENT_TYPE = /^[A-Z][A-Za-z0-9]{0,127}$/;
const OCCURRED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;
const META_KEYS = new Set([
  'tenant',
  'actor',
  'correlationId',
  'causationId',
  'occurredAt',
  'idempotencyKey',
]);
const MAX_ID_LENGTH = 256;

/**
 * Checks an event's envelope fields (not the JSON-ness of `data`/`meta`, which canonical encoding checks).
 * `checkMeta: false` skips `meta` when the caller already checked this very object. Throws `INVALID_EVENT` with
 * `field`, `reason` and the event's index in its append.
 */
export function assertValidNewEvent(event: NewEvent, index: number, checkMeta = true): void {
  const fail = (field: string, reason: string) =>
    new LedgerError('INVALID_EVENT', `event ${index}: ${field} ${reason}`, { index, field, reason });
  if (typeof event !== 'object' || event === null) throw fail('event', 'must be an object');
  if (typeof event.id !== 'string' || !UUID.test(event.id)) throw fail('id', 'must be a lowercase UUID');
  if (typeof event.type !== 'string' || !EVENT_TYPE.test(event.type)) {
    throw fail('type', 'must be PascalCase ASCII, 128 chars max');
  }
  const version = event.schemaVersion;
  if (!Number.isInteger(version) || version < 1 || version > 65_535) {
    throw fail('schemaVersion', 'must be an integer from 1 to 65535');
  }
  if (checkMeta) assertValidMeta(event.meta, fail);
}

function assertValidMeta(meta: NewEvent['meta'], fail: (field: string, reason: string) => LedgerError): void {
  if (typeof meta !== 'object' || meta === null) throw fail('meta', 'must be an object');
  for (const key of Object.keys(meta)) {
    if (!META_KEYS.has(key)) throw fail(`meta.${key}`, 'is not an envelope field');
  }
  for (const key of ['tenant', 'correlationId', 'causationId'] as const) {
    if (!isBoundedString(meta[key]))
      throw fail(`meta.${key}`, `must be a non-empty string of ${MAX_ID_LENGTH} chars max`);
  }
  const actor = meta.actor as unknown;
  if (typeof actor !== 'object' || actor === null) throw fail('meta.actor', 'must be an object');
  const { kind, id } = actor as { kind?: unknown; id?: unknown };
  if (!(ACTOR_KINDS as readonly unknown[]).includes(kind)) {
    throw fail('meta.actor.kind', `must be one of ${ACTOR_KINDS.join(', ')}`);
  }
  if (!isBoundedString(id))
    throw fail('meta.actor.id', `must be a non-empty string of ${MAX_ID_LENGTH} chars max`);
  if (Object.keys(actor).length !== 2) throw fail('meta.actor', 'must hold exactly kind and id');
  if (typeof meta.occurredAt !== 'string' || !OCCURRED_AT.test(meta.occurredAt)) {
    throw fail('meta.occurredAt', 'must be an ISO 8601 UTC timestamp');
  }
  if (meta.idempotencyKey !== undefined && !isBoundedString(meta.idempotencyKey)) {
    throw fail('meta.idempotencyKey', `must be a non-empty string of ${MAX_ID_LENGTH} chars max`);
  }
}

function isBoundedString(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_LENGTH;
}
