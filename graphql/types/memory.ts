import { MEMORY_SCOPES, MEMORY_STATUSES, MEMORY_TYPES } from '../../domain/index.js';
import type { MemoryCommandResult, RecordedEvent } from '../../domain/index.js';
import type { MemoryRecord, SimilarMemory } from '../../projections/memory/index.js';
import { builder } from '../builder.js';
import {
  MEMORY_REFUSAL_CODES,
  MemoryInvalidError,
  MemoryNotFoundError,
  MemoryRefusedError,
} from '../errors/governanceApiErrors.js';
import { ErrorInterface } from './errorTypes.js';
import { JsonScalar } from './jsonScalar.js';
import { AppendedEventType } from './toolCallResult.js';

export const MemoryTypeEnum = builder.enumType('MemoryType', { values: MEMORY_TYPES });
export const MemoryScopeEnum = builder.enumType('MemoryScope', { values: MEMORY_SCOPES });
export const MemoryStatusEnum = builder.enumType('MemoryStatus', { values: MEMORY_STATUSES });
export const MemoryReviewDecisionEnum = builder.enumType('MemoryReviewDecision', {
  description: "A reviewer's decision on proposed memory.",
  values: { APPROVE: { value: 'approved' }, REJECT: { value: 'rejected' } } as const,
});

export const MemoryType = builder.objectRef<MemoryRecord>('Memory').implement({
  description:
    'A memory of your tenant as the read model shows it. Only `approved`, unexpired memory may be applied to runs.',
  fields: (t) => ({
    id: t.exposeID('memoryId'),
    type: t.field({ type: MemoryTypeEnum, resolve: (memory) => memory.type }),
    scope: t.field({ type: MemoryScopeEnum, resolve: (memory) => memory.scope }),
    scopeId: t.exposeString('scopeId', { nullable: true }),
    content: t.exposeString('content'),
    contentDigest: t.exposeString('contentDigest'),
    provenance: t.exposeIDList('provenance', { description: 'The source events it was derived from.' }),
    status: t.field({ type: MemoryStatusEnum, resolve: (memory) => memory.status }),
    proposedBy: t.exposeString('proposedBy'),
    proposedAt: t.exposeString('proposedAt'),
    reviewedBy: t.exposeString('reviewedBy', { nullable: true }),
    retractedBy: t.exposeString('retractedBy', { nullable: true }),
    expiresAt: t.exposeString('expiresAt', { nullable: true }),
    appliedCount: t.exposeInt('appliedCount'),
    revision: t.exposeInt('revision', { description: 'The version a `MemoryApplied` names.' }),
  }),
});

export const MemoryConnectionType = builder.connectionObject({ type: MemoryType, name: 'MemoryConnection' });

export const SimilarMemoryType = builder.objectRef<SimilarMemory>('SimilarMemory').implement({
  description: 'A memory and its cosine similarity to the query text.',
  fields: (t) => ({
    memory: t.field({ type: MemoryType, resolve: (similar) => similar.memory }),
    score: t.exposeFloat('score'),
  }),
});

const eventsOf = (events: readonly RecordedEvent[]) => [...events];

export const MemoryPayloadType = builder.objectRef<MemoryCommandResult>('MemoryPayload').implement({
  description: "A memory command's result: the memory's state on its stream after the command.",
  fields: (t) => ({
    memoryId: t.exposeID('memoryId'),
    status: t.field({
      type: MemoryStatusEnum,
      resolve: (result) => result.state.status ?? 'proposed',
    }),
    revision: t.int({ resolve: (result) => result.state.revision ?? 0 }),
    replayed: t.exposeBoolean('replayed', {
      description: 'A retry with the same idempotency key: nothing new.',
    }),
    events: t.field({
      type: [AppendedEventType],
      description: "What this command recorded on the memory's stream.",
      resolve: (result) => eventsOf(result.events),
    }),
  }),
});

export interface ApplyMemoryResult {
  readonly runId: string;
  readonly memoryId: string;
  readonly events: readonly RecordedEvent[];
}

export const ApplyMemoryPayloadType = builder.objectRef<ApplyMemoryResult>('ApplyMemoryPayload').implement({
  description: "The memory was applied: `MemoryApplied` on the run's stream names the memory revision used.",
  fields: (t) => ({
    runId: t.exposeID('runId'),
    memoryId: t.exposeID('memoryId'),
    events: t.field({
      type: [AppendedEventType],
      description: "What this command recorded on the run's stream.",
      resolve: (result) => eventsOf(result.events),
    }),
  }),
});

builder.objectType(MemoryNotFoundError, {
  name: 'MemoryNotFoundError',
  description:
    "No such memory in your tenant (another tenant's memory is reported the same). Nothing recorded.",
  interfaces: [ErrorInterface],
  fields: (t) => ({ memoryId: t.exposeID('memoryId') }),
});

builder.objectType(MemoryInvalidError, {
  name: 'MemoryInvalidError',
  description: 'A field of the command is malformed (`field` says which). Nothing recorded.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    field: t.exposeString('field', { nullable: true }),
    reason: t.exposeString('reason', { nullable: true }),
  }),
});

const MemoryRefusalCodeEnum = builder.enumType('MemoryRefusalCode', { values: MEMORY_REFUSAL_CODES });

builder.objectType(MemoryRefusedError, {
  name: 'MemoryRefusedError',
  description:
    "Refused by the memory's state or your role. Refusals of a review or an apply are recorded " +
    '(`MemoryReviewRefused` / `MemoryApplyRefused`) and `eventId` names that evidence; null: nothing recorded.',
  interfaces: [ErrorInterface],
  fields: (t) => ({
    reason: t.field({ type: MemoryRefusalCodeEnum, resolve: (error) => error.code }),
    eventId: t.exposeID('eventId', { nullable: true }),
    details: t.field({ type: JsonScalar, resolve: (error) => error.details }),
  }),
});
