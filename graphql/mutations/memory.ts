import { z } from 'zod';
import { builder } from '../builder.js';
import {
  LedgerInputError,
  ConcurrencyConflictError,
  RunNotActiveError,
  RunNotFoundError,
} from '../errors/apiErrors.js';
import {
  MemoryInvalidError,
  MemoryNotFoundError,
  MemoryRefusedError,
} from '../errors/governanceApiErrors.js';
import {
  ApplyMemoryPayloadType,
  MemoryPayloadType,
  MemoryReviewDecisionEnum,
  MemoryScopeEnum,
  MemoryTypeEnum,
} from '../types/memory.js';
import { instantSchema, shortTextSchema } from '../types/validators.js';
import { governedCommand } from './governedCommand.js';
import { governedOrigin } from './governedOrigin.js';
import { idempotencyKeyArgs, runIdArgs } from './mutationArgs.js';

const reasonSchema = z.string().min(1).max(4096);
const memoryIdSchema = z.string().min(1).max(256);
const contentSchema = z
  .string()
  .min(1)
  .max(64 * 1024);

/** Every refusal of a memory command that is a typed result (recorded refusals carry their `eventId`). */
const MEMORY_ERRORS = [
  MemoryNotFoundError,
  MemoryInvalidError,
  MemoryRefusedError,
  ConcurrencyConflictError,
  LedgerInputError,
] as const;

builder.mutationFields((t) => ({
  proposeMemory: t.field({
    type: MemoryPayloadType,
    authScopes: { can: 'memoryWrite' },
    errors: { types: [...MEMORY_ERRORS], directResult: true },
    description:
      'Proposes a memory (`MemoryProposed`, status `proposed`): a reviewer other than you must approve it before ' +
      'any run may use it. Run-scoped memory and episodes must name their source events in `provenance`; each ' +
      'id must name an event of your tenant, once (else MemoryInvalidError with field `provenance`).',
    args: {
      type: t.arg({ type: MemoryTypeEnum, required: true }),
      scope: t.arg({ type: MemoryScopeEnum, required: true }),
      scopeId: t.arg.string({ validate: shortTextSchema }),
      content: t.arg.string({ required: true, validate: contentSchema }),
      provenance: t.arg.idList({ defaultValue: [] }),
      expiresAt: t.arg.string({ validate: instantSchema }),
      ...idempotencyKeyArgs(),
    },
    resolve: (_root, args, context) =>
      governedCommand(context, (governance) =>
        governance.memory.propose(
          {
            type: args.type,
            scope: args.scope,
            scopeId: args.scopeId ?? null,
            content: args.content,
            provenance: (args.provenance ?? []).map(String),
            expiresAt: args.expiresAt ?? null,
          },
          governedOrigin(context, args.idempotencyKey),
        ),
      ),
  }),
  reviewMemory: t.field({
    type: MemoryPayloadType,
    authScopes: { can: 'memoryReview' },
    errors: { types: [...MEMORY_ERRORS], directResult: true },
    description:
      'Approves or rejects proposed memory (`MemoryReviewed`). The proposer may not review its own memory: that ' +
      'refusal is recorded (`MemoryReviewRefused`) and answered as MemoryRefusedError with its `eventId`.',
    args: {
      memoryId: t.arg.id({ required: true, validate: memoryIdSchema }),
      decision: t.arg({ type: MemoryReviewDecisionEnum, required: true }),
      reason: t.arg.string({ required: true, validate: reasonSchema }),
      ...idempotencyKeyArgs(),
    },
    resolve: (_root, args, context) =>
      governedCommand(context, (governance) =>
        governance.memory.review(
          { memoryId: String(args.memoryId), decision: args.decision, reason: args.reason },
          governedOrigin(context, args.idempotencyKey),
        ),
      ),
  }),
  retractMemory: t.field({
    type: MemoryPayloadType,
    authScopes: { can: 'memoryRetract' },
    errors: { types: [...MEMORY_ERRORS], directResult: true },
    description: 'Retracts a memory (`MemoryRetracted`): no run may apply it from then on.',
    args: {
      memoryId: t.arg.id({ required: true, validate: memoryIdSchema }),
      reason: t.arg.string({ required: true, validate: reasonSchema }),
      ...idempotencyKeyArgs(),
    },
    resolve: (_root, args, context) =>
      governedCommand(context, (governance) =>
        governance.memory.retract(
          { memoryId: String(args.memoryId), reason: args.reason },
          governedOrigin(context, args.idempotencyKey),
        ),
      ),
  }),
  applyMemory: t.field({
    type: ApplyMemoryPayloadType,
    authScopes: { can: 'memoryWrite' },
    errors: {
      types: [...MEMORY_ERRORS, RunNotFoundError, RunNotActiveError],
      directResult: true,
    },
    description:
      "Applies approved, unexpired, in-scope memory to an active run of yours (`MemoryApplied` on the run's stream, " +
      'naming the memory revision used). A refusal by its state is recorded (`MemoryApplyRefused`) and answered ' +
      'as MemoryRefusedError with its `eventId`.',
    args: {
      ...runIdArgs(),
      memoryId: t.arg.id({ required: true, validate: memoryIdSchema }),
      ...idempotencyKeyArgs(),
    },
    resolve: async (_root, args, context) => {
      const runId = String(args.runId);
      const memoryId = String(args.memoryId);
      const events = await governedCommand(context, async (governance) => ({
        events: await governance.memory.apply(runId, memoryId, governedOrigin(context, args.idempotencyKey)),
      }));
      return { runId, memoryId, events: events.events };
    },
  }),
}));
