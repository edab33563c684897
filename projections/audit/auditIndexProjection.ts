import type { RecordedEvent } from '../../domain/index.js';
import { defineProjection } from '../projection.js';
import { AUDIT_EVENTS_SCHEMA, auditEventsWriter } from './auditEventsTable.js';
import type { AuditEntry } from './auditEventsTable.js';

/** Every event, of every stream (the ledger's own `ledger`, `keys` and `checkpoints` too), under its meta tenant. */
export function evolveAuditIndex(event: RecordedEvent): readonly AuditEntry[] {
  const { tenant, actor, occurredAt } = event.meta;
  return [
    {
      position: event.position,
      tenant,
      stream: event.stream,
      revision: event.revision,
      type: event.type,
      actorKind: actor.kind,
      actorId: actor.id,
      occurredAt: Date.parse(occurredAt),
      eventId: event.id,
    },
  ];
}

export const auditIndexProjection = defineProjection<AuditEntry>({
  name: 'audit_index',
  version: 1,
  schema: AUDIT_EVENTS_SCHEMA,
  evolve: evolveAuditIndex,
  writer: auditEventsWriter,
});
