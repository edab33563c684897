import { z } from 'zod';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Argument validators shared by the root fields. Lengths mirror the domain's limits (4096 chars of text). */
export const runIdSchema = z.string().regex(UUID, 'must be a lowercase UUID');
/** Event ids are UUIDs too (v7 fresh, v8 from idempotency keys). */
export const eventIdSchema = runIdSchema;
export const shortTextSchema = z.string().min(1).max(256);
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, 'must be printable ASCII without spaces');
/** An ISO 8601 instant, as events' `occurredAt` are written (UTC `Z` or an explicit offset). */
export const instantSchema = z.iso.datetime({ offset: true });
/** An inference time limit in milliseconds: up to ten minutes. */
export const timeoutMsSchema = z.number().int().min(1).max(600_000);
