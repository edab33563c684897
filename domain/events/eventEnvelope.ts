import type { JsonValue } from './json.js';

export const ACTOR_KINDS = ['user', 'service', 'model', 'system'] as const;
export type ActorKind = (typeof ACTOR_KINDS)[number];

/** Who caused an event. `id` names a user, an API key, a model or a runtime component. */
export interface Actor {
  readonly kind: ActorKind;
  readonly id: string;
}

/**
 * Context every event carries. `occurredAt` comes from the injected Clock (ISO 8601, UTC),
 * never from the store, so replaying a command gives the same bytes.
 */
export interface EventMeta {
  readonly tenant: string;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string;
  readonly occurredAt: string;
  readonly idempotencyKey?: string;
}

/** An event as a writer proposes it. `id` is a UUID chosen by the writer (v7 for fresh events). */
export interface NewEvent<Data extends JsonValue = JsonValue> {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: Data;
  readonly meta: EventMeta;
}

/**
 * An event as the ledger holds it: the proposal plus where it landed and its place in the chain.
 * `revision` is 0-based inside `stream`; `position` is the 0-based global order, which is also the
 * event's leaf index in the ledger's Merkle tree. `prevHash` is the hash of the stream's previous
 * event (the genesis value for revision 0) and `hash` covers every field except `position`.
 */
export interface RecordedEvent<Data extends JsonValue = JsonValue> extends NewEvent<Data> {
  readonly stream: string;
  readonly revision: number;
  readonly position: number;
  readonly prevHash: string;
  readonly hash: string;
}
