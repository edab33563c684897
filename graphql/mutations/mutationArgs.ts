import { builder } from '../builder.js';
import { idempotencyKeySchema, runIdSchema } from '../types/validators.js';

/** `idempotencyKey`: every mutation takes one (optional). */
export const idempotencyKeyArgs = () =>
  builder.args((t) => ({
    idempotencyKey: t.string({
      validate: idempotencyKeySchema,
      description:
        'Same key (per API key) ⇒ the original result again, nothing appended twice; the same key with other ' +
        'arguments ⇒ IDEMPOTENCY_CONFLICT.',
    }),
  }));

/** `runId`: the run a command is for, a UUID. */
export const runIdArgs = () =>
  builder.args((t) => ({ runId: t.id({ required: true, validate: runIdSchema }) }));

export const ENDED_REFUSAL =
  'Refused with RunNotFoundError (also for other tenants) or RunNotActiveError once ended.';
