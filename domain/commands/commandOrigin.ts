import type { Actor } from '../events/eventEnvelope.js';

/** Who sends a command, for which tenant, and how to recognise a retry of it. */
export interface CommandOrigin {
  readonly actor: Actor;
  readonly tenant: string;
  /** Same key (per tenant and actor) ⇒ same derived ids ⇒ a retried command appends nothing and gets the original result. */
  readonly idempotencyKey?: string;
  readonly correlationId?: string;
}
