import { z } from 'zod';
import { builder } from '../builder.js';
import { freshLoaders, principalOf, stillAuthorized } from '../context.js';
import { EventRef } from '../types/refs.js';
import { shortTextSchema } from '../types/validators.js';
import { mapSubscription, nextPosition } from './mapSubscription.js';

const LedgerTailFilter = builder.inputType('LedgerTailFilter', {
  fields: (t) => ({
    streamPrefix: t.string({ validate: shortTextSchema, description: 'e.g. `run-`.' }),
    types: t.stringList({ validate: z.array(shortTextSchema).max(50) }),
  }),
});

builder.subscriptionField('ledgerTail', (t) =>
  t.field({
    type: EventRef,
    authScopes: { can: 'read' },
    description:
      "Your tenant's events as they commit (durably), from `fromPosition` (default: now), in ledger order. After a " +
      'disconnect, resubscribe with the last position seen + 1: nothing is skipped or repeated.',
    args: {
      filter: t.arg({ type: LedgerTailFilter }),
      fromPosition: t.arg({ type: 'Position' }),
    },
    subscribe: async (_root, args, context) => {
      const { tenant } = principalOf(context);
      const subscription = context.deps.log.subscribeToAll({
        fromPosition: args.fromPosition ?? (await nextPosition(context.deps.log)),
        filter: {
          ...(args.filter?.streamPrefix == null ? {} : { streamPrefixes: [args.filter.streamPrefix] }),
          ...(args.filter?.types == null ? {} : { types: args.filter.types }),
        },
      });
      return mapSubscription(subscription, (event) => (event.meta.tenant === tenant ? event : null), {
        stillAuthorized: () => stillAuthorized(context),
      });
    },
    resolve: async (event, _args, context) => {
      // Nested read-model fields (the event's run, …) show at least this event, from loaders of this event alone.
      await context.deps.waitForProjection(event.position);
      freshLoaders(context);
      return event;
    },
  }),
);
