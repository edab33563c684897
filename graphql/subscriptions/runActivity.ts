import type { CompletionDelta, RecordedEvent } from '../../domain/index.js';
import { builder } from '../builder.js';
import { freshLoaders } from '../context.js';
import { EventRef } from '../types/refs.js';
import { runIdSchema } from '../types/validators.js';
import { withDeltas } from './completionDeltaHub.js';
import { subscribeRunEvents } from './runEvents.js';

const CompletionDeltaType = builder.objectRef<CompletionDelta>('CompletionDelta').implement({
  description:
    'A piece of a streamed completion as the engine sent it. Not a ledger event: the recorded ' +
    '`CompletionCompleted` (its response blob) holds the whole response.',
  fields: (t) => ({
    completionId: t.exposeID('completionId'),
    text: t.exposeString('text'),
  }),
});

const RunActivityType = builder.unionType('RunActivity', {
  description: "A run's recorded event, or a piece of one of its streamed completions.",
  types: [EventRef, CompletionDeltaType],
  resolveType: (value) => ('text' in value && 'completionId' in value ? CompletionDeltaType : EventRef),
});

builder.subscriptionField('runActivity', (t) =>
  t.field({
    type: RunActivityType,
    authScopes: { can: 'read' },
    description:
      "What `runEvents` delivers (the run's events in ledger order, then live, completing after its last ending), " +
      'with the pieces of its completions requested with `stream: true` as they arrive (`CompletionDelta`), before ' +
      'the recorded events that follow. Pieces sent before subscribing are not replayed: read the response from ' +
      "the completion's events.",
    args: {
      runId: t.arg.id({ required: true, validate: runIdSchema }),
      fromPosition: t.arg({ type: 'Position' }),
    },
    subscribe: async (_root, args, context) => {
      const runId = String(args.runId);
      const events = await subscribeRunEvents(runId, args.fromPosition, context);
      const hub = context.deps.completionDeltas;
      return hub === undefined ? events : withDeltas(events, hub, runId);
    },
    resolve: async (item: RecordedEvent | CompletionDelta, _args, context) => {
      if ('text' in item) return item;
      await context.deps.waitForProjection(item.position);
      freshLoaders(context);
      return item;
    },
  }),
);
