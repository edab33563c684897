import { RUN_STREAM_PREFIX, shownEventData } from '../../domain/index.js';
import { hashLeaf } from '../../ledger/index.js';
import { runViewOfSummary } from '../views/runView.js';
import { ActorType } from './actor.js';
import { JsonScalar } from './jsonScalar.js';
import { CheckpointRef, EventRef, RunRef } from './refs.js';

EventRef.implement({
  description:
    'One ledger event: immutable, hash-chained in its stream, a leaf of the Merkle tree at `position`.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The event id (UUID) chosen by its writer.' }),
    position: t.expose('position', {
      type: 'Position',
      description: 'Global order; also the Merkle leaf index.',
    }),
    stream: t.exposeString('stream'),
    revision: t.exposeInt('revision'),
    type: t.exposeString('type'),
    schemaVersion: t.exposeInt('schemaVersion'),
    data: t.field({
      type: JsonScalar,
      description: "The event's data; an API key's `secretHash` is withheld (it stays in the ledger only).",
      resolve: shownEventData,
    }),
    tenant: t.string({ resolve: (event) => event.meta.tenant }),
    actor: t.field({ type: ActorType, resolve: (event) => event.meta.actor }),
    correlationId: t.string({ resolve: (event) => event.meta.correlationId }),
    causationId: t.string({ resolve: (event) => event.meta.causationId }),
    occurredAt: t.string({ resolve: (event) => event.meta.occurredAt }),
    idempotencyKey: t.string({ nullable: true, resolve: (event) => event.meta.idempotencyKey ?? null }),
    prevHash: t.exposeString('prevHash'),
    hash: t.exposeString('hash'),
    leafHash: t.string({
      description: 'SHA-256(0x00 ‖ hash), hex: this event as a Merkle leaf.',
      resolve: (event) => hashLeaf(Buffer.from(event.hash, 'hex')).toString('hex'),
    }),
    run: t.field({
      type: RunRef,
      nullable: true,
      description: 'The run this event belongs to (batched per request).',
      resolve: async (event, _args, context) => {
        if (!event.stream.startsWith(RUN_STREAM_PREFIX)) return null;
        const summary = await context.loaders.run.load(event.stream.slice(RUN_STREAM_PREFIX.length));
        return summary === null ? null : runViewOfSummary(summary);
      },
    }),
    checkpoint: t.field({
      type: CheckpointRef,
      nullable: true,
      description:
        'The latest signed checkpoint, when it covers this event; null while the event is unsigned.',
      resolve: (event, _args, context) => {
        const latest = context.deps.ledger.latestCheckpoint();
        return latest !== null && latest.checkpoint.treeSize > event.position ? latest : null;
      },
    }),
  }),
});

export { EventRef as EventType };
